import { formatFigure } from '../format.ts';

/** What the chart reads of one fan-out setup in cluster-latest.json. */
export interface ChartSetup {
  readonly setup: string;
  readonly label: string;
  readonly cpuMicrosPerDelivered: number;
  readonly cpuMicrosPerDeliveredByProcess: Record<string, number>;
  readonly sameP99Ms: number;
  readonly crossP99Ms: number;
}

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * Two panels of horizontal bars, one row per setup: CPU per delivered update split into the
 * relays' share and Redis' share, with the issue's two CPU targets drawn as lines (1.5× one
 * instance on LevelDB, 1/3 of Hocuspocus); then delivery p99 on the writer's instance and across.
 */
export function clusterChart(setups: readonly ChartSetup[]): string {
  const width = 900;
  const labelWidth = 260;
  const plot = width - labelWidth - 90;
  const rowHeight = 26;
  const panel = (rows: number) => rows * rowHeight + 50;
  // Two more rows under the CPU bars: one label line per target, so they never overlap.
  const cpuHeight = panel(setups.length + 1);
  const latencyHeight = panel(setups.length * 2);
  const height = cpuHeight + latencyHeight + 10;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">`,
    '<rect width="100%" height="100%" fill="white"/>',
  ];
  const finite = (values: number[]) => values.filter((v) => Number.isFinite(v) && v > 0);

  // Panel 1: CPU per delivered update.
  const cpuMax = Math.max(1, ...finite(setups.map((s) => s.cpuMicrosPerDelivered)));
  const cx = (micros: number) => labelWidth + (micros / cpuMax) * plot;
  out.push(
    `<text x="${labelWidth}" y="16" font-size="12">CPU per delivered update, every process summed (µs; blue relays, orange Redis)</text>`,
  );
  setups.forEach((s, i) => {
    const y = 28 + i * rowHeight;
    out.push(
      `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end" font-size="12">${esc(s.label)}</text>`,
    );
    let at = 0;
    for (const [role, micros] of Object.entries(s.cpuMicrosPerDeliveredByProcess)) {
      if (!Number.isFinite(micros) || micros <= 0) continue;
      const fill = role === 'redis' ? '#f08c00' : '#1971c2';
      out.push(
        `<rect x="${cx(at)}" y="${y + 4}" width="${Math.max(1, cx(at + micros) - cx(at))}" height="16" fill="${fill}" stroke="white"><title>${esc(role)}: ${formatFigure(micros)} µs</title></rect>`,
      );
      at += micros;
    }
    out.push(
      `<text x="${cx(at) + 4}" y="${y + 16}" font-size="11">${formatFigure(s.cpuMicrosPerDelivered)}</text>`,
    );
  });
  const bottom = 28 + setups.length * rowHeight;
  const line = (micros: number | undefined, text: string, colour: string, row: number) => {
    if (micros === undefined || !Number.isFinite(micros) || micros > cpuMax) return;
    out.push(
      `<line x1="${cx(micros)}" y1="24" x2="${cx(micros)}" y2="${bottom}" stroke="${colour}" stroke-dasharray="4 3"/>`,
      `<text x="${cx(micros)}" y="${bottom + 14 + row * 13}" text-anchor="middle" font-size="10" fill="${colour}">${esc(text)}</text>`,
    );
  };
  const cpuOf = (name: string) => setups.find((s) => s.setup === name)?.cpuMicrosPerDelivered;
  const level = cpuOf('level-1');
  const peer = cpuOf('hocuspocus-3');
  line(level === undefined ? undefined : level * 1.5, 'target: 1.5× LevelDB', '#2f9e44', 0);
  line(peer === undefined ? undefined : peer / 3, 'target: ⅓ Hocuspocus', '#e03131', 1);

  // Panel 2: delivery latency p99.
  const top = cpuHeight + 10;
  const latencyMax = Math.max(1, ...finite(setups.flatMap((s) => [s.sameP99Ms, s.crossP99Ms])));
  const lx = (ms: number) => labelWidth + (ms / latencyMax) * plot;
  out.push(
    `<text x="${labelWidth}" y="${top + 6}" font-size="12">delivery latency p99 (ms): dark same instance as the writer, light another instance</text>`,
  );
  setups.forEach((s, i) => {
    [
      ['same', s.sameP99Ms, '#5f3dc4'],
      ['cross', s.crossP99Ms, '#b197fc'],
    ].forEach(([kind, ms, fill], k) => {
      const y = top + 18 + (i * 2 + k) * rowHeight;
      const value = ms as number;
      out.push(
        `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end" font-size="12">${esc(`${s.label}, ${kind as string}`)}</text>`,
      );
      if (!Number.isFinite(value)) {
        out.push(`<text x="${labelWidth + 4}" y="${y + 16}" font-size="11">n/a</text>`);
        return;
      }
      out.push(
        `<rect x="${labelWidth}" y="${y + 4}" width="${Math.max(1, lx(value) - labelWidth)}" height="16" fill="${fill as string}"/>`,
        `<text x="${lx(value) + 4}" y="${y + 16}" font-size="11">${formatFigure(value)}</text>`,
      );
    });
  });
  out.push('</svg>');
  return out.join('\n');
}
