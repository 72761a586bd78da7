/**
 * How long a new link lasts, as the Share dialog offers it: a few plain choices rather than a
 * free number, each sent as the API's `expiresIn` seconds (none: until revoked).
 */
export const EXPIRY_CHOICES = [
  { key: 'never', label: 'Never expires', seconds: null },
  { key: 'hour', label: 'Expires in 1 hour', seconds: 3600 },
  { key: 'day', label: 'Expires in 1 day', seconds: 24 * 3600 },
  { key: 'week', label: 'Expires in 7 days', seconds: 7 * 24 * 3600 },
] as const;

export type Expiry = (typeof EXPIRY_CHOICES)[number]['key'];

export function expirySeconds(expiry: Expiry): number | null {
  return EXPIRY_CHOICES.find((choice) => choice.key === expiry)?.seconds ?? null;
}
