/** Bytes as base64url (RFC 4648 §5) without padding: safe in paths, keys and ids as they are. */
export function toBase64Url(bytes: Uint8Array): string {
  const base64 = btoa(String.fromCharCode(...bytes));
  return base64.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}
