/**
 * Yjs updates found by mutating real updates (seeded fuzzing, kept here as regression bytes). Each
 * passes Y.decodeUpdate, which was all the room once checked before storing an update:
 * - THROWS_WHEN_APPLIED makes Y.applyUpdate throw ("Cannot read properties of undefined
 *   (reading 'id')") on a fresh doc and on a doc with content;
 * - UNLOADABLE_SNAPSHOT applies cleanly, but the doc it leaves encodes a state
 *   (Y.encodeStateAsUpdate, i.e. a newcomer's sync step 2 and the compaction snapshot) that
 *   Y.applyUpdate rejects with "Unexpected case".
 */
export const THROWS_WHEN_APPLIED = Buffer.from(
  '010407000101016101880710027d01760101787d0204010174036162632701016d016e000107010001',
  'hex',
);
export const UNLOADABLE_SNAPSHOT = Buffer.from(
  '010407000101016101880700027d01760101787d0204010174036162632101016d016e000107010001',
  'hex',
);
