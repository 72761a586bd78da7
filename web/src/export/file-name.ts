export type ExportFormat = 'png' | 'svg';

/** `board-<room>.png`: room names are already safe in a file name (A–Z a–z 0–9 _ -). */
export function exportFileName(room: string, format: ExportFormat): string {
  return `board-${room}.${format}`;
}
