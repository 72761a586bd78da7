/**
 * Tokens as a host application signs them for the `token` access mode (issue 11): compact JWS,
 * HS256 over the claims `room`, `access`, `exp` and optionally `sub`, `name`, `color`. Signed
 * here with node:crypto (HS256 is one HMAC), so a test can also sign with the wrong secret.
 */
import { createHmac, randomBytes } from 'node:crypto';

/** An AUTH_SECRET for a test's relay: 32 random bytes, the least the relay accepts. */
export function testSecret(): string {
  return randomBytes(32).toString('base64url');
}

export interface TokenClaims {
  readonly room: string;
  readonly access: 'edit' | 'view';
  /** Seconds from now until it expires (negative: already expired); default an hour. */
  readonly expiresIn?: number;
  readonly sub?: string;
  readonly name?: string;
  readonly color?: string;
}

export function signToken(secret: string, claims: TokenClaims): string {
  const { expiresIn = 3600, ...rest } = claims;
  const now = Math.floor(Date.now() / 1000);
  const header = encode({ alg: 'HS256', typ: 'JWT' });
  const payload = encode({ ...rest, iat: now, exp: now + expiresIn });
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** The relay's environment for a mode: `test.use({ serverEnv: accessModeEnv(...) })`. */
export function accessModeEnv(
  mode: 'open' | 'links' | 'token',
  secret?: string,
): Record<string, string> {
  return { ACCESS_MODE: mode, ...(secret === undefined ? {} : { AUTH_SECRET: secret }) };
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
