// `npm start`: build the web app if its sources changed since the last build, then run the
// relay in this same process. One process on purpose: whoever started us (a supervisor, the
// e2e tests) signals this pid and must reach the server's own SIGTERM handling directly.
//
// stdout belongs to the server's JSON log lines, so everything said here goes to stderr.
import { existsSync } from 'node:fs';
import { readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const stamp = join(dist, '.build-stamp');
const inputs = [
  join(root, 'web'),
  join(root, 'protocol'),
  join(root, 'vite.config.ts'),
  join(root, 'svelte.config.js'),
];

async function newestMtime(path) {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  const times = await Promise.all(entries.map((entry) => newestMtime(join(path, entry))));
  return Math.max(info.mtimeMs, ...times);
}

async function buildIsStale() {
  if (!existsSync(join(dist, 'index.html')) || !existsSync(stamp)) return true;
  const built = (await stat(stamp)).mtimeMs;
  const times = await Promise.all(inputs.filter(existsSync).map(newestMtime));
  return times.some((time) => time > built);
}

async function buildWebApp() {
  const { build } = await import('vite');
  // The stamp gets the time the build started: a file saved while Vite was busy is then newer
  // than the stamp and triggers the next build, instead of hiding behind a later timestamp.
  const startedAt = new Date();
  process.stderr.write('start: web sources changed, building dist/ with Vite…\n');
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  await writeFile(stamp, `${startedAt.toISOString()}\n`);
  await utimes(stamp, startedAt, startedAt);
}

if (await buildIsStale()) await buildWebApp();

const { register } = await import('tsx/esm/api');
register();
await import('../server/main.ts');
