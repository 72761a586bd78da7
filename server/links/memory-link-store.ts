import { linkStatus, newLinkRecord, type Link, type NewLink } from './link.ts';
import type { LinkStore } from './link-store.ts';

/** Links in this process's memory: for tests, and servers given a DocStore of their own. */
export class MemoryLinkStore implements LinkStore {
  readonly #links = new Map<string, Link>();

  async create(link: NewLink, now: number): Promise<Link> {
    const stored = newLinkRecord(link, now);
    this.#links.set(stored.id, stored);
    return stored;
  }

  async get(id: string): Promise<Link | undefined> {
    return this.#links.get(id);
  }

  async list(room: string, now: number): Promise<Link[]> {
    return [...this.#links.values()].filter(
      (link) => link.room === room && linkStatus(link, now) === 'live',
    );
  }

  async revoke(id: string, now: number): Promise<Link | undefined> {
    const link = this.#links.get(id);
    if (!link) return undefined;
    if (link.state.kind === 'revoked') return link;
    const revoked: Link = Object.freeze({ ...link, state: { kind: 'revoked', at: now } as const });
    this.#links.set(id, revoked);
    return revoked;
  }
}
