import { afterEach, beforeEach, describe, it } from 'vitest';
import { CloseReason } from '../protocol/close-reasons.ts';
import { encodeSyncStep2, encodeSyncUpdate } from '../protocol/messages.ts';
import { THROWS_WHEN_APPLIED, UNLOADABLE_SNAPSHOT } from '../test-support/poison-updates.ts';
import { Relay, binaryAttack, expectSurvives } from '../test-support/relay-harness.ts';

const ROOM = 'target';

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
