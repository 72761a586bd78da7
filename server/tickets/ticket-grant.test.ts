import { describe, expect, it } from 'vitest';
import { MemoryLinkStore } from '../links/memory-link-store.ts';
import { newSecret, signToken } from '../test-support/tokens.ts';
import { secretKey } from '../tokens/token-key.ts';
import { tokenVerifier } from '../tokens/token-verifier.ts';
import { deviceIdentity, grantFor, parseTicketBody, type TicketGrantDeps } from './ticket-grant.ts';

const secret = newSecret();
const NOW = Date.now();
const DEVICE = 'a-random-device-key-0123456789';

function deps(mode: TicketGrantDeps['mode']): TicketGrantDeps {
  return {
    mode,
    links: new MemoryLinkStore(),
    verifyToken: tokenVerifier({ key: secretKey(secret.text), audience: null, issuer: null }),
  };
}

describe('a ticket request body', () => {
  it('is optional, and holds at most a room and a device key', () => {
    expect(parseTicketBody(undefined)).toEqual({});
    expect(parseTicketBody({ room: 'r', device: DEVICE })).toEqual({ room: 'r', device: DEVICE });
    for (const bad of [[], 'r', 3, { room: 'a/b' }, { device: 'short' }, { other: 1 }]) {
      expect(typeof parseTicketBody(bad), JSON.stringify(bad)).toBe('string');
    }
  });
});

describe('a device identity', () => {
  it('names the device by a hash, never by its key', () => {
    const identity = deviceIdentity(DEVICE);
    expect(identity.key).toMatch(/^device:[0-9a-f]{32}$/);
    expect(identity.key).not.toContain(DEVICE);
    expect(deviceIdentity(DEVICE)).toEqual(identity);
    expect(deviceIdentity(`${DEVICE}x`)).not.toEqual(identity);
  });
});

describe('what a ticket is issued for', () => {
  it("is a token's room and access, speaking for its subject before any device", async () => {
    const exp = Math.floor(NOW / 1000) + 60;
    const token = await signToken(secret.signer, { room: 'r', access: 'view', sub: 'ada', exp });
    expect(await grantFor(deps('token'), `Bearer ${token}`, { device: DEVICE }, NOW)).toEqual({
      ok: true,
      grant: {
        room: 'r',
        access: 'view',
        presence: false,
        identity: { key: 'sub:ada' },
        link: null,
        tokenExpiresAt: exp * 1000,
      },
    });
    const anonymous = await signToken(secret.signer, { room: 'r' });
    const byDevice = await grantFor(deps('token'), `Bearer ${anonymous}`, { device: DEVICE }, NOW);
    expect(byDevice).toMatchObject({ ok: true, grant: { identity: deviceIdentity(DEVICE) } });
    // A name without a subject: the device is the author, the token still names the person.
    const named = await signToken(secret.signer, { room: 'r', name: 'Ada', color: '#112233' });
    const both = await grantFor(deps('token'), `Bearer ${named}`, { device: DEVICE }, NOW);
    expect(both).toMatchObject({
      ok: true,
      grant: { identity: { key: deviceIdentity(DEVICE).key, name: 'Ada', color: '#112233' } },
    });
  });

  it("is a link's room, access and presence, through that link", async () => {
    const d = deps('links');
    const link = await d.links.create(
      { room: 'r', access: 'view', expiresAt: NOW + 1000, presence: false },
      NOW,
    );
    expect(await grantFor(d, `Bearer ${link.id}`, {}, NOW)).toEqual({
      ok: true,
      grant: {
        room: 'r',
        access: 'view',
        presence: false,
        identity: null,
        link: { id: link.id, expiresAt: NOW + 1000 },
      },
    });
    expect(await grantFor(d, `Bearer ${link.id}`, {}, NOW + 1000)).toMatchObject({ status: 403 });
    expect(await grantFor(d, `Bearer ${link.id}`, { room: 'other' }, NOW)).toMatchObject({
      status: 403,
    });
  });

  it("is, without a credential, a room's name in the open mode only", async () => {
    expect(await grantFor(deps('open'), undefined, { room: 'r' }, NOW)).toMatchObject({
      ok: true,
      grant: { room: 'r', access: 'edit', identity: null, link: null },
    });
    expect(await grantFor(deps('open'), undefined, {}, NOW)).toMatchObject({ status: 400 });
    expect(await grantFor(deps('links'), undefined, { room: 'r' }, NOW)).toMatchObject({
      status: 401,
    });
  });
});
