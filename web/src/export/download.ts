/** How long a download's object URL stays valid; the browser has read it long before. */
const REVOKE_AFTER_MS = 60_000;

/** Saves `blob` as `fileName` through a download link, as if the user had clicked one. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
