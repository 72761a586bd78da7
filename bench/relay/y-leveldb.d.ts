// y-leveldb ships no types for its ESM entry; the benchmark uses only these calls.
declare module 'y-leveldb' {
  export class LeveldbPersistence {
    constructor(location: string);
    storeUpdate(docName: string, update: Uint8Array): Promise<unknown>;
    destroy(): Promise<void>;
  }
}
