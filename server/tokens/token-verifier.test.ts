import { beforeAll, describe, expect, it } from 'vitest';
import {
  confusedToken,
  newKeyPair,
  newSecret,
  signToken,
  unsignedToken,
  type Signer,
} from '../test-support/tokens.ts';
import { publicKey, secretKey } from './token-key.ts';
import { tokenVerifier, type TokenVerifier } from './token-verifier.ts';

const now = Date.now();
const seconds = Math.floor(now / 1000);

describe('a token signed with the shared secret (HS256)', () => {
  const { text, signer } = newSecret();
  const verify = tokenVerifier({ key: secretKey(text), audience: null, issuer: null });

  it('opens its room with its access, and names its holder by subject, name and colour', async () => {
    const token = await signToken(signer, {
      room: 'roadmap',
      access: 'view',
      sub: 'user-42',
      name: '  Ada\u0301 ',
      color: '#A0b1C2',
      exp: seconds + 60,
    });
    expect(await verify(token, now)).toEqual({
      kind: 'ok',
      claims: {
        room: 'roadmap',
        access: 'view',
        expiresAt: (seconds + 60) * 1000,
        identity: { key: 'sub:user-42', name: 'Adá', color: '#a0b1c2' },
      },
    });
  });

  it('names no author without a subject, yet vouches for its name', async () => {
    const named = await verify(await signToken(signer, { name: 'Ada' }), now);
    expect(named).toMatchObject({ kind: 'ok', claims: { identity: { key: null, name: 'Ada' } } });
    const bare = await verify(await signToken(signer, {}), now);
    expect(bare).toMatchObject({ kind: 'ok', claims: { identity: null } });
  });

  it('has expired once exp is past, beyond a few seconds of clock tolerance', async () => {
    expect((await verify(await signToken(signer, { exp: seconds - 3 }), now)).kind).toBe('ok');
    expect(await verify(await signToken(signer, { exp: seconds - 60 }), now)).toEqual({
      kind: 'expired',
    });
  });

  it.each([
    ['no exp', { exp: null }],
    ['exp in milliseconds (a token that would never expire)', { exp: now + 60_000 }],
    ['no room', { room: undefined }],
    ['a room that is no room name', { room: '../etc' }],
    ['no access', { access: undefined }],
    ['an access that is neither edit nor view', { access: 'admin' }],
    ['a blank name', { name: '   ' }],
    ['a name of 33 characters', { name: 'x'.repeat(33) }],
    ['a name with a line break', { name: 'Ada\nAdmin' }],
    ['a name that is no string', { name: 42 }],
    ['a colour that is no #rrggbb', { color: 'red' }],
    ['an empty subject', { sub: '' }],
    ['nbf a minute ahead', { nbf: seconds + 60 }],
  ])('is invalid with %s', async (_what, claims) => {
    const check = await verify(await signToken(signer, claims), now);
    expect(check.kind).toBe('invalid');
  });

  it('is invalid when signed with another secret, unsigned, or not a JWT at all', async () => {
    const other = newSecret().signer;
    expect((await verify(await signToken(other), now)).kind).toBe('invalid');
    expect((await verify(unsignedToken(), now)).kind).toBe('invalid');
    expect((await verify('not.a-jwt', now)).kind).toBe('invalid');
    expect((await verify('', now)).kind).toBe('invalid');
    expect((await verify(`${'a'.repeat(5000)}.b.c`, now)).kind).toBe('invalid');
  });

  it('accepts a name of 32 characters, counting characters rather than UTF-16 units', async () => {
    const name = '🙂'.repeat(32);
    const check = await verify(await signToken(signer, { sub: 's', name }), now);
    expect(check).toMatchObject({ kind: 'ok', claims: { identity: { name } } });
  });
});

describe.each(['EdDSA', 'ES256'] as const)('a token signed with a private key (%s)', (alg) => {
  let pem = '';
  let signer: Signer;
  let verify: TokenVerifier;
  beforeAll(async () => {
    ({ pem, signer } = await newKeyPair(alg));
    verify = tokenVerifier({ key: publicKey(pem), audience: null, issuer: null });
  });

  it('is verified with the public key', async () => {
    expect((await verify(await signToken(signer, { room: 'r1' }), now)).kind).toBe('ok');
  });

  it('refuses algorithm confusion: HS256 keyed with the public key itself', async () => {
    expect(await verify(await confusedToken(pem), now)).toMatchObject({ kind: 'invalid' });
  });

  it('refuses alg none, and a token of another key pair', async () => {
    expect((await verify(unsignedToken(), now)).kind).toBe('invalid');
    const stranger = await newKeyPair(alg);
    expect((await verify(await signToken(stranger.signer), now)).kind).toBe('invalid');
  });
});

describe('audience and issuer, when configured', () => {
  const { text, signer } = newSecret();
  const verify = tokenVerifier({
    key: secretKey(text),
    audience: 'whiteboard',
    issuer: 'https://host.example',
  });

  it('must both match', async () => {
    const good = { aud: 'whiteboard', iss: 'https://host.example' };
    expect((await verify(await signToken(signer, good), now)).kind).toBe('ok');
    for (const claims of [
      { iss: good.iss },
      { aud: good.aud },
      { ...good, aud: 'another-product' },
      { ...good, iss: 'https://evil.example' },
    ]) {
      expect((await verify(await signToken(signer, claims), now)).kind).toBe('invalid');
    }
  });
});
