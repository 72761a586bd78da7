/**
 * The key tokens are verified with (ACCESS_MODE=token, or tokens beside links): a shared secret
 * for HS256, or a public key for EdDSA (Ed25519) or ES256 (P-256). Each key admits exactly one
 * algorithm, so a token can never pick how it is checked: `alg: none` and algorithm confusion
 * (an HS256 token "signed" with the text of the public key) are refused before any signature
 * is looked at.
 */
import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

export type TokenAlgorithm = 'HS256' | 'EdDSA' | 'ES256';

/** A KeyObject, so that printing the configuration never shows the secret. */
export interface TokenKey {
  readonly algorithm: TokenAlgorithm;
  readonly key: KeyObject;
}

/** Shortest AUTH_SECRET: HS256's own output size, 256 bits (RFC 7518 §3.2). */
export const MIN_SECRET_BYTES = 32;

/** Why a variable holds no usable key; config.ts names the variable. */
export class TokenKeyError extends Error {
  override name = 'TokenKeyError';
}

export function secretKey(secret: string): TokenKey {
  const bytes = Buffer.from(secret, 'utf8');
  // The message never repeats the value: a secret must not reach a log.
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new TokenKeyError(`expected at least ${MIN_SECRET_BYTES} bytes (256 bits) of secret`);
  }
  return Object.freeze({ algorithm: 'HS256', key: createSecretKey(bytes) });
}

/**
 * AUTH_PUBLIC_KEY: PEM text (SPKI, `-----BEGIN PUBLIC KEY-----`), given inline (newlines may be
 * written `\n`, as env files need) or as the path of a file holding it.
 */
export function publicKey(value: string): TokenKey {
  const pem = value.trimStart().startsWith('-----BEGIN')
    ? value.replaceAll('\\n', '\n')
    : readPemFile(value);
  // createPublicKey would derive the public half, but the signing key has no business here.
  if (pem.includes('PRIVATE KEY')) {
    throw new TokenKeyError('holds a private key: give the public key (openssl pkey -pubout)');
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new TokenKeyError('expected a PEM public key (-----BEGIN PUBLIC KEY-----)');
  }
  if (key.asymmetricKeyType === 'ed25519') return Object.freeze({ algorithm: 'EdDSA', key });
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
    return Object.freeze({ algorithm: 'ES256', key });
  }
  throw new TokenKeyError(
    `expected an Ed25519 (EdDSA) or P-256 (ES256) public key, got ${key.asymmetricKeyType ?? 'another kind'}`,
  );
}

function readPemFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new TokenKeyError(
      `${path}: cannot be read (expected PEM text or the path of a PEM file)`,
    );
  }
}
