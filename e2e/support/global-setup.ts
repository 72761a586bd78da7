import { buildServer, serverBuildIsStale } from '../../scripts/build.mjs';

/**
 * Compiles the relay the stories run (e2e/support/relay.ts) when its sources changed since the
 * last build: a few stats when fresh, about a second of esbuild when not. The web app is not
 * built here: `npm run test:e2e` runs `vite build` first.
 */
export default async function globalSetup(): Promise<void> {
  if (await serverBuildIsStale()) await buildServer();
}
