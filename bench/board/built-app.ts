/**
 * The web app as the relay serves it, built into a folder of the benchmark's own: building into
 * dist/ could swap files under an end-to-end run that is using them. Rebuilt only when a source
 * file is newer than the last build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const INPUTS = ['web', 'protocol', 'vite.config.ts', 'svelte.config.js', 'package-lock.json'];

export function ensureBuiltApp(outDir: string): { outDir: string; rebuilt: boolean } {
  const index = join(outDir, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs > newestInput())
    return { outDir, rebuilt: false };
  const vite = join(repoRoot, 'node_modules', '.bin', 'vite');
  const result = spawnSync(
    vite,
    ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    {
      cwd: repoRoot,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) throw new Error(`vite build failed with status ${result.status}`);
  return { outDir, rebuilt: true };
}

function newestInput(): number {
  let newest = 0;
  const visit = (path: string) => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) visit(join(path, name));
    } else if (!/\.test\.ts$/.test(path)) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const input of INPUTS) {
    const path = join(repoRoot, input);
    if (existsSync(path)) visit(path);
  }
  return newest;
}
