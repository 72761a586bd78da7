/**
 * Micro-benchmark of the relay's per-update checks on the honest path: what validateUpdate costs
 * for the updates a client sends while drawing one 64-point stroke (begin, appends of 4 points,
 * finish), and for the whole stroke as one update (what a reconnecting client sends).
 *
 *   node --import tsx bench/relay/validate-micro.ts
 *
 * Numbers, not assertions: the median of several rounds of many calls, in microseconds per update.
 */
import * as Y from 'yjs';
import { drawStroke } from '../../web/src/model/test-support/drawing.ts';
import { penTrace } from '../../web/src/model/test-support/pen-trace.ts';
import { seededRandom } from '../../web/src/model/test-support/seeded-random.ts';
import { validateUpdate } from '../../server/rooms/validate-update.ts';

const POINTS = 64;
const ROUNDS = 7;
const CALLS = 2_000;

function strokeUpdates(): { steps: Uint8Array[]; whole: Uint8Array } {
  const doc = new Y.Doc();
  doc.clientID = 7;
  const steps: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => steps.push(update));
  const random = seededRandom(1);
  drawStroke(doc, {
    id: 's1',
    points: penTrace(random, POINTS, { start: { x: 100, y: 100 } }),
    origin: null,
    chunkSize: 4,
  });
  return { steps, whole: Y.encodeStateAsUpdate(doc) };
}

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

const { steps, whole } = strokeUpdates();
const cases: [string, Uint8Array][] = [
  [`begin (${steps[0]!.length} B)`, steps[0]!],
  [`append of 4 points (${steps[1]!.length} B)`, steps[1]!],
  [`finish, merging ${POINTS} points (${steps.at(-1)!.length} B)`, steps.at(-1)!],
  [`whole stroke as one update (${whole.length} B)`, whole],
];
for (const [name, update] of cases) {
  console.log(
    `validateUpdate  ${name.padEnd(44)} ${microsPerCall(() => validateUpdate(update)).toFixed(1)} µs`,
  );
}
