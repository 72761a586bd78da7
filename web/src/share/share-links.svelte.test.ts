/**
 * The order of answers, which a real relay cannot be made to reorder on demand: an older list
 * arriving after a newer one (a slow request, then a refresh after a revoke) must not bring
 * back a revoked link. The relay's own behaviour is in share-links.relay.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { LinkResult } from './link-api.ts';
import type { CreatedLink, ListedLink } from './link-responses.ts';
import { ShareLinks, type LinkClient } from './share-links.svelte.ts';

const link = (id: string): ListedLink => ({
  id: id.padEnd(22, 'x'),
  access: 'view',
  created: new Date(0),
  expires: null,
  connections: 0,
});

/** A client whose list answers arrive when the test says, in any order. */
function heldLists() {
  const waiting: ((result: LinkResult<ListedLink[]>) => void)[] = [];
  const client: LinkClient = {
    list: () => new Promise((resolve) => waiting.push(resolve)),
    create: () =>
      Promise.resolve<LinkResult<CreatedLink>>({ ok: false, problem: { kind: 'offline' } }),
    revoke: () => Promise.resolve<LinkResult<null>>({ ok: true, value: null }),
  };
  return {
    client,
    answer: (index: number, links: ListedLink[]) => waiting[index]!({ ok: true, value: links }),
  };
}

describe('the links the dialog shows', () => {
  it('are those of the latest list asked for, whatever order the answers arrive in', async () => {
    const { client, answer } = heldLists();
    const share = new ShareLinks(client);
    const older = share.refresh();
    const newer = share.refresh();
    answer(1, [link('kept')]);
    await newer;
    answer(0, [link('kept'), link('revoked')]);
    await older;
    expect(share.links?.map((entry) => entry.id)).toEqual([link('kept').id]);
    expect(share.busy).toEqual({ kind: 'none' });
  });
});
