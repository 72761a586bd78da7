/** Written for each build by serviceWorkerPlugin (service-worker-plugin.ts); read by sw.ts. */
declare module 'virtual:whiteboard-precache' {
  /** Names the build's file list: a new list (new hashed names) means a new cache. */
  export const BUILD_VERSION: string;
  /** index.html and every asset of the build, as absolute paths, sorted. */
  export const PRECACHE: readonly string[];
}
