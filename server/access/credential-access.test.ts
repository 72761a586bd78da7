import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { MemoryLinkStore } from '../links/memory-link-store.ts';
import { CloseReason } from '../protocol/close-reasons.ts';
import { MemoryTicketStore } from '../tickets/memory-ticket-store.ts';
import type { TicketGrant } from '../tickets/ticket.ts';
import { newSecret, signToken } from '../test-support/tokens.ts';
import { secretKey } from '../tokens/token-key.ts';
import { tokenVerifier } from '../tokens/token-verifier.ts';
import { FULL_ACCESS, READ_ONLY } from './access.ts';
import { credentialAccess, type CredentialDeps } from './credential-access.ts';
import type { AccessMode } from '../config.ts';

const secret = newSecret();
const request = (url: string) => ({ url }) as IncomingMessage;
const ada = { key: 'sub:ada', name: 'Ada', color: '#123456' };

function policy(mode: AccessMode) {
  const deps: CredentialDeps = {
    mode,
    links: new MemoryLinkStore(),
    tickets: new MemoryTicketStore(),
    verifyToken: tokenVerifier({ key: secretKey(secret.text), audience: null, issuer: null }),
  };
  const issue = async (grant: Partial<TicketGrant> = {}) => {
    const issued = await deps.tickets.issue(
      { room: 'r', access: 'edit', presence: true, identity: null, link: null, ...grant },
      Date.now(),
    );
    if (!issued.ok) throw new Error('refused');
    return issued.ticket;
  };
  return { deps, issue, access: credentialAccess(deps) };
}

const closed = (reason: CloseReason) => ({ ok: false, close: reason });

describe('the access decision by credential', () => {
  it('gives a bare room full access in the open mode only, decided at once', () => {
    expect(policy('open').access.decide(request('/ws/r'), 'r')).toEqual({
      ok: true,
      access: FULL_ACCESS,
    });
    for (const mode of ['links', 'token'] as const) {
      expect(policy(mode).access.decide(request('/ws/r'), 'r')).toEqual(
        closed(CloseReason.credentialMissing),
      );
    }
  });

  it("carries a token's identity, and reads only with a view token", async () => {
    const { access } = policy('token');
    const exp = Math.floor(Date.now() / 1000) + 60;
    const token = await signToken(secret.signer, {
      room: 'r',
      access: 'view',
      sub: 'ada',
      name: 'Ada',
      color: '#123456',
      exp,
    });
    expect(await access.decide(request(`/ws/r?token=${token}`), 'r')).toEqual({
      ok: true,
      access: READ_ONLY,
      identity: ada,
      tokenExpiresAt: exp * 1000,
    });
  });

  it("carries a ticket's identity and link, once", async () => {
    const { access, issue, deps } = policy('links');
    const link = await deps.links.create({ room: 'r', access: 'edit', expiresAt: null }, 0);
    const via = { id: link.id, expiresAt: null };
    const ticket = await issue({ identity: ada, link: via });
    expect(await access.decide(request(`/ws/r?ticket=${ticket}`), 'r')).toEqual({
      ok: true,
      access: FULL_ACCESS,
      identity: ada,
      link: via,
    });
    expect(await access.decide(request(`/ws/r?ticket=${ticket}`), 'r')).toEqual(
      closed(CloseReason.ticketInvalid),
    );
  });

  it('refuses a ticket whose link was revoked since it was issued (4403)', async () => {
    const { access, issue, deps } = policy('links');
    const link = await deps.links.create({ room: 'r', access: 'view', expiresAt: null }, 0);
    const ticket = await issue({ access: 'view', link: { id: link.id, expiresAt: null } });
    await deps.links.revoke(link.id, Date.now());
    expect(await access.decideLink(request(`/ws/link/ticket?ticket=${ticket}`), 'ticket')).toEqual(
      closed(CloseReason.linkRevoked),
    );
  });

  it('opens /ws/link/<id>?ticket= only with a ticket of that link (4403 otherwise)', async () => {
    const { access, issue, deps } = policy('links');
    const link = await deps.links.create({ room: 'r', access: 'view', expiresAt: null }, 0);
    const other = await deps.links.create({ room: 'r', access: 'view', expiresAt: null }, 0);
    const ticket = await issue({ access: 'view', link: { id: other.id, expiresAt: null } });
    expect(
      await access.decideLink(request(`/ws/link/${link.id}?ticket=${ticket}`), link.id),
    ).toEqual(closed(CloseReason.credentialOtherRoom));
    const own = await issue({
      access: 'view',
      presence: false,
      link: { id: link.id, expiresAt: null },
    });
    expect(await access.decideLink(request(`/ws/link/${link.id}?ticket=${own}`), link.id)).toEqual({
      ok: true,
      room: 'r',
      access: READ_ONLY,
      identity: null,
      link: { id: link.id, expiresAt: null },
    });
  });

  it('refuses a token when no key is configured (4401), even in the open mode', async () => {
    const { deps } = policy('open');
    const keyless = credentialAccess({ ...deps, verifyToken: null });
    const token = await signToken(secret.signer, { room: 'r' });
    expect(await keyless.decide(request(`/ws/r?token=${token}`), 'r')).toEqual(
      closed(CloseReason.tokenInvalid),
    );
  });
});
