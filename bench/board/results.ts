/** The rows of bench/results/client-latest.json, which bench/report.ts turns into a table. */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Measured } from './gestures.ts';

export interface Row {
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  readonly target?: string;
}

export class Results {
  readonly rows: Row[] = [];

  /** A group of rows, every label starting with `prefix` (e.g. "10,000 strokes"). */
  group(prefix: string) {
    const add = (label: string, value: number, unit: string, target?: string) => {
      this.rows.push({ label: `${prefix}: ${label}`, value, unit, ...(target ? { target } : {}) });
    };
    const frames = (label: string, m: Measured, targets: { p95?: string; max?: string } = {}) => {
      add(`${label}, frame p50`, m.p50Ms, 'ms');
      add(`${label}, frame p95`, m.p95Ms, 'ms', targets.p95);
      add(`${label}, frame max`, m.maxMs, 'ms', targets.max);
      console.log(
        `  ${label.padEnd(30)} ${String(m.frames).padStart(3)} frames: p50 ${m.p50Ms} ms, ` +
          `p95 ${m.p95Ms} ms, max ${m.maxMs} ms (JS p50 ${m.jsP50Ms} ms); ` +
          `${m.longFrames} long frames; complete ${m.settleMs} ms after the input`,
      );
      for (const cause of m.longFrameCauses) console.log(`    long frame ${cause}`);
    };
    return { add, frames };
  }

  print(): void {
    const width = Math.max(...this.rows.map((r) => r.label.length));
    console.log(`\n${'metric'.padEnd(width)}  ${'value'.padStart(10)}  target`);
    for (const r of this.rows) {
      const value = `${r.value} ${r.unit}`;
      console.log(`${r.label.padEnd(width)}  ${value.padStart(10)}  ${r.target ?? ''}`);
    }
  }

  /**
   * Writes client-latest.json and a dated copy into `dir`. With `keep`, the rows of groups this
   * run did not measure (other board sizes, say) are kept from the previous client-latest.json,
   * with its date as `keptFrom`, so one kind of board can be rerun alone.
   */
  async write(dir: string, keep = false): Promise<void> {
    const date = new Date().toISOString();
    const latest = join(dir, 'client-latest.json');
    let rows = this.rows;
    let keptFrom: string | undefined;
    if (keep && existsSync(latest)) {
      const previous = JSON.parse(await readFile(latest, 'utf8')) as {
        date: string;
        keptFrom?: string;
        rows: Row[];
      };
      const measured = new Set(this.rows.map(groupOf));
      const kept = previous.rows.filter((row) => !measured.has(groupOf(row)));
      // The oldest run any kept row may come from, when the previous results kept rows too.
      if (kept.length > 0) keptFrom = previous.keptFrom ?? previous.date;
      rows = [...kept, ...this.rows];
    }
    const report = `${JSON.stringify({ date, ...(keptFrom ? { keptFrom } : {}), rows }, null, 2)}\n`;
    await mkdir(dir, { recursive: true });
    await writeFile(latest, report);
    await writeFile(join(dir, `client-${date.replace(/[:.]/g, '-')}.json`), report);
  }
}

/** "10,000 strokes" of "10,000 strokes: pan at fit, frame p95". */
const groupOf = (row: Row): string => row.label.slice(0, row.label.indexOf(': '));
