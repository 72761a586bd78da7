/**
 * Tokens as a host application would sign them, for tests: real keys made by jose, real JWTs,
 * and the forgeries the relay must refuse (`alg: none`, HS256 keyed with the public key's PEM).
 */
import { SignJWT, exportSPKI, generateKeyPair, type CryptoKey } from 'jose';
import { randomBytes } from 'node:crypto';

export interface TokenClaimsInput {
  readonly room?: string;
  readonly access?: string;
  /** Seconds since the epoch; default an hour from now. Null: no exp claim. */
  readonly exp?: number | null;
  readonly nbf?: number;
  readonly sub?: string;
  readonly name?: unknown;
  readonly color?: unknown;
  readonly aud?: string;
  readonly iss?: string;
  readonly [claim: string]: unknown;
}

/** Something that signs: a secret (HS256) or a private key with its algorithm. */
export type Signer =
  | { readonly alg: 'HS256'; readonly secret: Uint8Array }
  | { readonly alg: 'EdDSA' | 'ES256'; readonly privateKey: CryptoKey };

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A fresh 32-byte secret, as text (what AUTH_SECRET holds) and as the signer that uses it. */
export function newSecret(): { readonly text: string; readonly signer: Signer } {
  const text = randomBytes(32).toString('base64url');
  return { text, signer: { alg: 'HS256', secret: new TextEncoder().encode(text) } };
}

/** A fresh key pair: the PEM for AUTH_PUBLIC_KEY and the signer holding the private half. */
export async function newKeyPair(
  alg: 'EdDSA' | 'ES256',
): Promise<{ readonly pem: string; readonly signer: Signer }> {
  const { publicKey, privateKey } = await generateKeyPair(alg, {
    ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
  });
  return { pem: await exportSPKI(publicKey), signer: { alg, privateKey } };
}

function payloadOf(claims: TokenClaimsInput): Record<string, unknown> {
  const { exp = nowSeconds() + 3600, ...rest } = claims;
  const payload: Record<string, unknown> = { room: 'board', access: 'edit', ...rest };
  if (exp !== null) payload.exp = exp;
  return payload;
}

export async function signToken(signer: Signer, claims: TokenClaimsInput = {}): Promise<string> {
  const jwt = new SignJWT(payloadOf(claims)).setProtectedHeader({ alg: signer.alg });
  return signer.alg === 'HS256' ? jwt.sign(signer.secret) : jwt.sign(signer.privateKey);
}

/** An unsigned token (`alg: none`), which no verifier may accept. */
export function unsignedToken(claims: TokenClaimsInput = {}): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(payloadOf(claims))}.`;
}

/** Algorithm confusion: HS256 "signed" with the text of the public key the relay trusts. */
export async function confusedToken(publicPem: string, claims: TokenClaimsInput = {}) {
  return new SignJWT(payloadOf(claims))
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(publicPem));
}
