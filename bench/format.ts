/** A figure for a table: "n/a" where there is none (a server that died has no load time). */
export function formatFigure(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return 'n/a';
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3);
}
