/**
 * Checks a signed token (a JWT) the host application gave its user, with `jose`:
 *
 *   claims   room (a room name), access (edit | view), exp (seconds) required;
 *            nbf, sub, name (1–32 characters once trimmed and NFC-normalised), color (#rrggbb)
 *            optional; aud and iss required to match when AUTH_AUDIENCE / AUTH_ISSUER are set.
 *   keys     the one algorithm of the configured key (token-key.ts), so `alg: none` and an HS256
 *            token keyed with the public key's text are refused like any bad signature.
 *   clocks   5 s of tolerance either way, for hosts whose clocks drift a little.
 *
 * Pure: no I/O, the clock is passed in. What it answers is a union, so callers tell "not a
 * credential" (4401, 401) from "a real credential that has run out" (4403, 403).
 */
import { errors, jwtVerify, type JWTPayload } from 'jose';
import type { Identity } from '../access/identity.ts';
import { isValidRoomName } from '../protocol/room-name.ts';
import type { TokenKey } from './token-key.ts';

export type TokenAccess = 'edit' | 'view';

export interface TokenClaims {
  readonly room: string;
  readonly access: TokenAccess;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
  /** `sub:<sub>` (or null without a subject) with the token's name and colour; null when it has none of the three. */
  readonly identity: Identity | null;
}

export type TokenCheck =
  | { readonly kind: 'ok'; readonly claims: TokenClaims }
  | { readonly kind: 'invalid'; readonly reason: string }
  | { readonly kind: 'expired' };

export interface TokenVerifierOptions {
  readonly key: TokenKey;
  readonly audience: string | null;
  readonly issuer: string | null;
}

export type TokenVerifier = (token: string, now: number) => Promise<TokenCheck>;

export const CLOCK_TOLERANCE_SECONDS = 5;
/** Longest token looked at: a JWT with these claims is a few hundred bytes. */
export const MAX_TOKEN_LENGTH = 4096;
/**
 * An `exp` this large is milliseconds where seconds were meant (year 5138 in seconds): a token
 * that would never expire, a mistake seen in the peers (../shared/PROTOCOL.md). Refused.
 */
const EXP_IN_MILLISECONDS = 1e11;
const MAX_NAME_LENGTH = 32;
const MAX_SUBJECT_LENGTH = 256;
const COLOR = /^#[0-9a-fA-F]{6}$/;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
// C0/C1 controls, bidi overrides and line separators have no place in a name shown to others.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

/** Whether `value` looks like a JWT at all (three base64url parts), before anything is checked. */
export function looksLikeJwt(value: string): boolean {
  return value.length <= MAX_TOKEN_LENGTH && JWT_SHAPE.test(value);
}

export function tokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const { key, audience, issuer } = options;
  return async (token, now) => {
    if (!looksLikeJwt(token)) return invalid('not a JWT');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key.key, {
        algorithms: [key.algorithm],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: new Date(now),
        requiredClaims: ['exp', 'room', 'access'],
        ...(audience === null ? {} : { audience }),
        ...(issuer === null ? {} : { issuer }),
      }));
    } catch (error) {
      // jose checks the signature before the claims: an expired token is a genuine one.
      if (error instanceof errors.JWTExpired) return { kind: 'expired' };
      if (error instanceof errors.JOSEError) return invalid(error.code);
      throw error;
    }
    return claimsOf(payload);
  };
}

const invalid = (reason: string): TokenCheck => ({ kind: 'invalid', reason });

/** The claims jose does not know, checked after it verified the token. */
function claimsOf(payload: JWTPayload): TokenCheck {
  const { room, access, exp, sub, name, color } = payload;
  if (typeof room !== 'string' || !isValidRoomName(room)) return invalid('room is no room name');
  if (access !== 'edit' && access !== 'view') return invalid('access is neither edit nor view');
  if (typeof exp !== 'number' || exp >= EXP_IN_MILLISECONDS) {
    return invalid('exp must be seconds since the epoch');
  }
  if (sub !== undefined && (sub === '' || sub.length > MAX_SUBJECT_LENGTH)) {
    return invalid(`sub must be 1–${MAX_SUBJECT_LENGTH} characters`);
  }
  const shownName = name === undefined ? undefined : normalisedName(name);
  if (shownName === null) return invalid(`name must be 1–${MAX_NAME_LENGTH} printable characters`);
  if (color !== undefined && (typeof color !== 'string' || !COLOR.test(color))) {
    return invalid('color must be #rrggbb');
  }
  const identity: Identity | null =
    sub === undefined && shownName === undefined && color === undefined
      ? null
      : Object.freeze({
          key: sub === undefined ? null : `sub:${sub}`,
          ...(shownName === undefined ? {} : { name: shownName }),
          ...(typeof color === 'string' ? { color: color.toLowerCase() } : {}),
        });
  return {
    kind: 'ok',
    claims: Object.freeze({ room, access, expiresAt: exp * 1000, identity }),
  };
}

/** The name as shown: NFC, trimmed, 1–32 code points, nothing unprintable; null if not. */
function normalisedName(name: unknown): string | null {
  if (typeof name !== 'string') return null;
  const shown = name.normalize('NFC').trim();
  const length = [...shown].length;
  if (length < 1 || length > MAX_NAME_LENGTH || UNPRINTABLE.test(shown)) return null;
  return shown;
}
