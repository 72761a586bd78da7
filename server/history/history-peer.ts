import { Capability, accessWith } from '../access/access.ts';
import type { Peer } from '../rooms/peer.ts';

const made = new WeakSet<Peer>();

/**
 * Who one restore's change comes from: the relay itself, through the room's own checks (content
 * rules, MAX_ROOM_BYTES, authorship as an anonymous writer under the fresh client id of its
 * scratch document). A new one per restore, since a room counts the client ids each peer brings
 * (MAX_NEW_CLIENTS_PER_CONNECTION): one shared peer would be refused after 64 restores. Never a
 * member of any room, so nothing is ever sent to it. Id 0: connections count from 1.
 */
export function historyPeer(): Peer {
  const peer: Peer = Object.freeze({
    id: 0,
    access: accessWith(Capability.docWrite),
    identity: null,
    send: () => undefined,
    close: () => undefined,
  });
  made.add(peer);
  return peer;
}

/** Whether `peer` is a restore's (historyPeer), not a connection. */
export function isHistoryPeer(peer: Peer): boolean {
  return made.has(peer);
}
