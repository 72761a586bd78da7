import type { IncomingMessage } from 'node:http';
import { FULL_ACCESS } from '../access/access.ts';
import type { AccessDecision, AccessPolicy, LinkDecision } from '../access/access-policy.ts';
import type { Identity } from '../access/identity.ts';
import { CloseReason } from '../protocol/close-reasons.ts';

/**
 * FOR TESTS ONLY, never wired in app.ts: full access, with the identity the upgrade's query
 * names, `?as=<key>&name=<name>&color=<#rrggbb>` (no `as`: anonymous). It lets stories about
 * authorship and stamped presence run with stock clients while the real credential modes
 * (signed tokens, device keys) decide identities elsewhere; anyone could claim any key with it.
 */
export function identityFromQuery(): AccessPolicy {
  return {
    decide: (request: IncomingMessage): AccessDecision => ({
      ok: true,
      access: FULL_ACCESS,
      identity: identityOf(request),
    }),
    decideLink: (): LinkDecision => ({ ok: false, close: CloseReason.credentialMissing }),
  };
}

function identityOf(request: IncomingMessage): Identity | null {
  const query = new URL(request.url ?? '/', 'http://test.invalid').searchParams;
  const key = query.get('as');
  if (!key) return null;
  const name = query.get('name');
  const color = query.get('color');
  return { key, ...(name ? { name } : {}), ...(color ? { color } : {}) };
}
