import { describe, expect, it } from 'vitest';
import { checkEditor } from './link-editor.ts';
import { newSecret, signToken } from '../test-support/tokens.ts';
import { secretKey } from '../tokens/token-key.ts';
import { tokenVerifier } from '../tokens/token-verifier.ts';
import { MemoryLinkStore } from './memory-link-store.ts';

const NOW = 1_000_000;

describe('who may manage a room’s links', () => {
  it('is anyone who names the room in the open mode, and nobody without a link otherwise', async () => {
    const links = new MemoryLinkStore();
    expect(await checkEditor(links, 'r', undefined, true, NOW)).toEqual({ ok: true });
    expect(await checkEditor(links, 'r', undefined, false, NOW)).toMatchObject({ status: 401 });
  });

  it('is, with a link, that link alone: a live edit link of this room', async () => {
    const links = new MemoryLinkStore();
    const edit = await links.create({ room: 'r', access: 'edit', expiresAt: null }, NOW);
    const view = await links.create({ room: 'r', access: 'view', expiresAt: null }, NOW);
    const expired = await links.create({ room: 'r', access: 'edit', expiresAt: NOW + 1 }, NOW);
    const revoked = await links.create({ room: 'r', access: 'edit', expiresAt: null }, NOW);
    await links.revoke(revoked.id, NOW);
    const check = (authorization: string, room = 'r') =>
      checkEditor(links, room, authorization, true, NOW + 10);
    expect(await check(`Bearer ${edit.id}`)).toEqual({ ok: true });
    for (const refused of [view, expired, revoked]) {
      expect(await check(`Bearer ${refused.id}`)).toMatchObject({ ok: false, status: 403 });
    }
    expect(await check(`Bearer ${edit.id}`, 'another')).toMatchObject({ status: 403 });
    for (const garbage of [
      '',
      'Bearer',
      `Basic ${edit.id}`,
      `Bearer ${edit.id} x`,
      'Bearer ' + 'A'.repeat(22),
    ]) {
      expect(await check(garbage), garbage).toMatchObject({ ok: false, status: 401 });
    }
  });
});

describe('who may manage a room’s links, with tokens', () => {
  const secret = newSecret();
  const verify = tokenVerifier({ key: secretKey(secret.text), audience: null, issuer: null });
  const check = async (claims: Parameters<typeof signToken>[1], room = 'r') =>
    checkEditor(
      new MemoryLinkStore(),
      room,
      `Bearer ${await signToken(secret.signer, claims)}`,
      false,
      Date.now(),
      verify,
    );

  it('is the holder of an edit token for the room', async () => {
    expect(await check({ room: 'r' })).toEqual({ ok: true });
  });

  it('is not a view token, a token for another room or an expired one (403), nor a forged one (401)', async () => {
    expect(await check({ room: 'r', access: 'view' })).toMatchObject({ status: 403 });
    expect(await check({ room: 'other' })).toMatchObject({ status: 403 });
    expect(await check({ room: 'r', exp: Math.floor(Date.now() / 1000) - 600 })).toMatchObject({
      status: 403,
    });
    const forged = await signToken(newSecret().signer, { room: 'r' });
    const links = new MemoryLinkStore();
    expect(await checkEditor(links, 'r', `Bearer ${forged}`, false, 0, verify)).toMatchObject({
      status: 401,
    });
    // Without a key, a token is no credential at all.
    const token = await signToken(secret.signer, { room: 'r' });
    expect(await checkEditor(links, 'r', `Bearer ${token}`, false, 0)).toMatchObject({
      status: 401,
    });
  });
});
