/**
 * Where links live. Every implementation passes link-store.contract.ts.
 */
import type { Link, NewLink } from './link.ts';

export interface LinkStore {
  /** Stores a new live link with a fresh random id. */
  create(link: NewLink, now: number): Promise<Link>;
  /** The link, live, expired or revoked; undefined if there never was one. */
  get(id: string): Promise<Link | undefined>;
  /** The room's links that are live at `now`, oldest first. */
  list(room: string, now: number): Promise<Link[]>;
  /** Revokes a live or expired link for good; the revoked link, or undefined if none. */
  revoke(id: string, now: number): Promise<Link | undefined>;
}
