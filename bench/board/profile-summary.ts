/**
 * `npm run bench:profile -- <file.cpuprofile> [rows]`: where a profile's time went, as two
 * tables: self time by function (what ran), and total time by function (what it called
 * included, each function counted once per stack so recursion does not double it).
 */
import { readFile } from 'node:fs/promises';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

function isProfile(value: unknown): value is CpuProfile {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return Array.isArray(p.nodes) && Array.isArray(p.samples) && Array.isArray(p.timeDeltas);
}

function nameOf({ functionName, url, lineNumber }: CallFrame): string {
  const file = url.split('/').pop() || url;
  return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
}

export function summarize(profile: CpuProfile): {
  totalMs: number;
  self: Map<string, number>;
  inclusive: Map<string, number>;
} {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    // A sample's delta is the time since the one before: charge it to this sample's stack.
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const node = byId.get(id);
    if (!node) return;
    totalMs += ms;
    const leaf = nameOf(node.callFrame);
    self.set(leaf, (self.get(leaf) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at);
      if (!frame) break;
      const name = nameOf(frame.callFrame);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
    }
  });
  return { totalMs, self, inclusive };
}

function table(title: string, times: Map<string, number>, rows: number, totalMs: number): void {
  console.log(`\n${title}`);
  const top = [...times].sort((a, b) => b[1] - a[1]).slice(0, rows);
  for (const [name, ms] of top) {
    const share = ((100 * ms) / totalMs).toFixed(1).padStart(5);
    console.log(`${ms.toFixed(1).padStart(9)} ms ${share} %  ${name}`);
  }
}

const [file, rowsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: npm run bench:profile -- <file.cpuprofile> [rows]');
  process.exit(2);
}
const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
if (!isProfile(parsed)) throw new Error(`${file} is not a CPU profile`);
const rows = Number(rowsArg ?? 30);
const { totalMs, self, inclusive } = summarize(parsed);
console.log(`${file}: ${totalMs.toFixed(0)} ms sampled`);
table('self time', self, rows, totalMs);
table('total time (callees included)', inclusive, rows, totalMs);
