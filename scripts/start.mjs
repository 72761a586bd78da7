// `npm start`: build the web app and the relay if their sources changed since the last build,
// then run the compiled relay (plain JavaScript, dist-server/main.js) in this same process. One
// process on purpose: whoever started us (a supervisor, the e2e tests) signals this pid and must
// reach the server's own SIGTERM handling directly.
import { pathToFileURL } from 'node:url';
import {
  buildServer,
  buildWebApp,
  serverBuildIsStale,
  serverEntry,
  webBuildIsStale,
} from './build.mjs';

if (await webBuildIsStale()) await buildWebApp();
if (await serverBuildIsStale()) await buildServer();

// Error stacks in the logs then name server/*.ts lines, as they did when tsx ran the sources.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(serverEntry).href);
