import { afterEach, beforeEach, describe, it } from 'vitest';
import { CloseReason } from '../protocol/close-reasons.ts';
import { encodeSyncStep2, encodeSyncUpdate } from '../protocol/messages.ts';
import { Relay, binaryAttack, expectSurvives } from '../test-support/relay-harness.ts';

const ROOM = 'target';

/**
 * Yjs updates found by mutating real updates (seeded fuzzing, kept here as regression bytes). Each
 * passes Y.decodeUpdate, which is all the room checks before storing an update:
 * - THROWS_WHEN_APPLIED makes Y.applyUpdate throw ("Cannot read properties of undefined
 *   (reading 'id')") on a fresh doc and on a doc with content;
 * - UNLOADABLE_SNAPSHOT applies cleanly, but the doc it leaves encodes a state
 *   (Y.encodeStateAsUpdate, i.e. a newcomer's sync step 2 and the compaction snapshot) that
 *   Y.applyUpdate rejects with "Unexpected case".
 */
const THROWS_WHEN_APPLIED = Buffer.from(
  '010407000101016101880710027d01760101787d0204010174036162632701016d016e000107010001',
  'hex',
);
const UNLOADABLE_SNAPSHOT = Buffer.from(
  '010407000101016101880700027d01760101787d0204010174036162632101016d016e000107010001',
  'hex',
);

let relay: Relay;
beforeEach(async () => {
  relay = await Relay.start();
});
afterEach(async () => {
  await relay.stop();
});

describe('a Yjs update that parses but cannot be integrated closes only its sender, with 1007', () => {
  it.each([
    binaryAttack('an update that throws when applied', encodeSyncUpdate(THROWS_WHEN_APPLIED)),
    binaryAttack('a sync step 2 that throws when applied', encodeSyncStep2(THROWS_WHEN_APPLIED)),
    binaryAttack(
      'an update that leaves an unloadable snapshot',
      encodeSyncUpdate(UNLOADABLE_SNAPSHOT),
    ),
  ])('$name', (attack) =>
    expectSurvives(
      relay,
      ROOM,
      attack,
      CloseReason.invalidPayload.code,
      CloseReason.invalidPayload.label,
    ),
  );
});
