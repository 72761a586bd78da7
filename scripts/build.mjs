// The two builds `npm start` needs, each with a stamp so a start only rebuilds what changed:
//
// - the web app: web/ built by Vite into dist/, which the relay serves;
// - the relay: server/main.ts and the pure modules it imports (web/src/model, protocol/) bundled
//   by esbuild into one plain-JavaScript module, dist-server/main.js. Packages stay external and
//   load from node_modules as usual (`level` is native). Not inside dist/: Vite empties dist/ on
//   every build, and the relay serves dist/ to anyone who asks.
//
// `node scripts/build.mjs` (`npm run build`) builds both; scripts/start.mjs builds what is stale.
// Everything said here goes to stderr: stdout belongs to the server's JSON log lines.
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const fromRoot = (/** @type {string} */ path) => join(root, path);

const webDist = fromRoot('dist');
const webStamp = join(webDist, '.build-stamp');
const webInputs = ['web', 'protocol', 'vite.config.ts', 'svelte.config.js'].map(fromRoot);

const serverDist = fromRoot('dist-server');
/** What `npm start` imports once both builds are fresh. */
export const serverEntry = join(serverDist, 'main.js');
// The server's stamp lists the files esbuild read, so checking it is a few stats, not a walk.
const serverStamp = join(serverDist, 'inputs.json');
const serverTsconfig = fromRoot('server/tsconfig.json');
// Besides the bundled sources, these shape the output.
const serverBuildFiles = [
  fileURLToPath(import.meta.url),
  serverTsconfig,
  fromRoot('tsconfig.base.json'),
];

/** @param {string} path @returns {Promise<number>} */
async function newestMtime(path) {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  const times = await Promise.all(entries.map((entry) => newestMtime(join(path, entry))));
  return Math.max(info.mtimeMs, ...times);
}

/**
 * True when an output or the stamp is missing, or an input is missing or newer than the stamp.
 * @param {string} stamp @param {string[]} outputs @param {string[]} inputs
 */
async function isStale(stamp, outputs, inputs) {
  if (![stamp, ...outputs].every(existsSync)) return true;
  const built = (await stat(stamp)).mtimeMs;
  if (!inputs.every(existsSync)) return true;
  const times = await Promise.all(inputs.map(newestMtime));
  return times.some((time) => time > built);
}

// A stamp gets the time its build started: a file saved while the build was busy is then newer
// than the stamp and triggers the next build, instead of hiding behind a later timestamp.
/** @param {string} path @param {Date} startedAt @param {string} content */
async function writeStamp(path, startedAt, content) {
  await writeFile(path, content);
  await utimes(path, startedAt, startedAt);
}

export const webBuildIsStale = () =>
  isStale(webStamp, [join(webDist, 'index.html')], webInputs.filter(existsSync));

export async function buildWebApp() {
  const { build } = await import('vite');
  const startedAt = new Date();
  process.stderr.write('build: building the web app into dist/ with Vite…\n');
  await build({ configFile: fromRoot('vite.config.ts'), logLevel: 'warn' });
  await writeStamp(webStamp, startedAt, `${startedAt.toISOString()}\n`);
}

export async function serverBuildIsStale() {
  if (!existsSync(serverStamp)) return true;
  /** @type {string[]} */
  const listed = JSON.parse(await readFile(serverStamp, 'utf8'));
  const inputs = listed.map(fromRoot);
  return isStale(serverStamp, [serverEntry, `${serverEntry}.map`], inputs);
}

/**
 * Compiles the relay into `outDir` (main.js, its source map, and the stamp). Another folder is
 * for tests; it must sit inside the repository, where the compiled relay finds node_modules.
 * @param {string} outDir
 */
export async function buildServer(outDir = serverDist) {
  const esbuild = await import('esbuild');
  const startedAt = new Date();
  process.stderr.write(
    `build: compiling the relay into ${relative(root, outDir)}/ with esbuild…\n`,
  );
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [fromRoot('server/main.ts')],
    outfile: join(outDir, 'main.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // keepNames stays off: it gives every arrow function held in a class field its name per
    // instance, a cost tsx imposed on the relay (server/rooms/room.ts binds handlers around it).
    tsconfig: serverTsconfig,
    // Stack traces in the logs point at server/*.ts lines (start.mjs turns source maps on).
    sourcemap: true,
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  await mkdir(outDir, { recursive: true });
  // Each file lands whole (write, then rename), so a server starting meanwhile reads the old one.
  for (const file of result.outputFiles) {
    const partial = `${file.path}.${process.pid}.partial`;
    await writeFile(partial, file.contents);
    await rename(partial, file.path);
  }
  const inputs = [...Object.keys(result.metafile.inputs).map(fromRoot), ...serverBuildFiles];
  const listed = inputs.map((path) => relative(root, path)).sort();
  await writeStamp(join(outDir, 'inputs.json'), startedAt, `${JSON.stringify(listed, null, 2)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildWebApp();
  await buildServer();
  process.stderr.write(
    `build: done (${relative(root, webDist)}/, ${relative(root, dirname(serverEntry))}/)\n`,
  );
}
