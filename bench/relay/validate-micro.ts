/**
 * Micro-benchmark of the relay's per-update checks on the honest path, for the updates a client
 * sends while drawing one 64-point stroke with the app's model (begin, appends of 4 points,
 * finish), the whole stroke as one update (what a reconnecting client sends), and the generic
 * array push of `npm run bench:relay`. Each is measured as the room meets it: checked against a
 * document that holds everything sent before it.
 *
 *   node --import tsx bench/relay/validate-micro.ts
 *
 * Numbers, not assertions: the median of several rounds of many calls, in µs per update.
 */
import * as Y from 'yjs';
import { STROKES_KEY } from '../../web/src/model/schema.ts';
import { drawStroke } from '../../web/src/model/test-support/drawing.ts';
import { penTrace } from '../../web/src/model/test-support/pen-trace.ts';
import { seededRandom } from '../../web/src/model/test-support/seeded-random.ts';
import { FULL_ACCESS } from '../../server/access/access.ts';
import type { Peer } from '../../server/rooms/peer.ts';
import { UpdateAdmission } from '../../server/rooms/update-admission.ts';
import { validateUpdate } from '../../server/rooms/validate-update.ts';

const POINTS = 64;
const ROUNDS = 7;
const CALLS = 2_000;

/** Every update `write` emits, with the document state each one was sent against. */
function recorded(write: (doc: Y.Doc) => void): { update: Uint8Array; before: Uint8Array }[] {
  const doc = new Y.Doc();
  doc.clientID = 7;
  const out: { update: Uint8Array; before: Uint8Array }[] = [];
  let before = Y.encodeStateAsUpdate(doc);
  doc.on('update', (update: Uint8Array) => {
    out.push({ update, before });
    before = Y.encodeStateAsUpdate(doc);
  });
  write(doc);
  return out;
}

const strokeSteps = recorded((doc) => {
  // A board that already holds other strokes, as a real one does.
  for (let i = 0; i < 20; i++) {
    const points = penTrace(seededRandom(i), POINTS, { start: { x: i * 50, y: 0 } });
    drawStroke(doc, { id: `old${i}`, points, origin: null, chunkSize: 4 });
  }
  const points = penTrace(seededRandom(99), POINTS, { start: { x: 100, y: 100 } });
  drawStroke(doc, { id: 's1', points, origin: null, chunkSize: 4 });
}).slice(-(POINTS / 4 + 1));
const wholeStroke = recorded((doc) => {
  const points = penTrace(seededRandom(99), POINTS, { start: { x: 100, y: 100 } });
  drawStroke(doc, { id: 's1', points, origin: null, chunkSize: 4 });
});
const benchPush = recorded((doc) => {
  for (let i = 0; i < 21; i++) doc.getArray(STROKES_KEY).push([{ id: i, t: 1.5, points: [1, 2] }]);
}).slice(-1);

const peer: Peer = {
  id: 1,
  access: FULL_ACCESS,
  identity: null,
  send: () => undefined,
  close: () => undefined,
};

function microsPerCall(run: () => void): number {
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) run();
    rounds.push(Number(process.hrtime.bigint() - start) / 1000 / CALLS);
  }
  rounds.sort((a, b) => a - b);
  return rounds[Math.floor(ROUNDS / 2)]!;
}

function measure(name: string, { update, before }: { update: Uint8Array; before: Uint8Array }) {
  const room = new Y.Doc();
  Y.applyUpdate(room, before);
  const admission = new UpdateAdmission(room, { maxNewClientsPerConnection: 64 });
  const validate = microsPerCall(() => validateUpdate(update));
  const check = microsPerCall(() => admission.check(peer, update));
  console.log(
    `${name.padEnd(42)} validateUpdate ${validate.toFixed(1).padStart(6)} µs` +
      `   admission check ${check.toFixed(1).padStart(6)} µs`,
  );
}

measure(`begin (${strokeSteps[0]!.update.length} B)`, strokeSteps[0]!);
measure(`append of 4 points (${strokeSteps[1]!.update.length} B)`, strokeSteps[1]!);
measure(
  `finish, merging ${POINTS} points (${strokeSteps.at(-1)!.update.length} B)`,
  strokeSteps.at(-1)!,
);
const whole = { update: Y.encodeStateAsUpdate(wholeStrokeDoc()), before: new Uint8Array([0, 0]) };
measure(`whole stroke as one update (${whole.update.length} B)`, whole);
measure(`bench:relay array push (${benchPush[0]!.update.length} B)`, benchPush[0]!);

function wholeStrokeDoc(): Y.Doc {
  const doc = new Y.Doc();
  for (const { update } of wholeStroke) Y.applyUpdate(doc, update);
  return doc;
}
