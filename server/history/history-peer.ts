import { Capability, accessWith } from '../access/access.ts';
import type { Peer } from '../rooms/peer.ts';

/**
 * Who a restore's change comes from: the relay itself, through the room's own checks (content
 * rules, MAX_ROOM_BYTES, authorship as an anonymous writer under a fresh client id). Never a
 * member of any room, so nothing is ever sent to it. Id 0: connections count from 1.
 */
export const HISTORY_PEER: Peer = Object.freeze({
  id: 0,
  access: accessWith(Capability.docWrite),
  identity: null,
  send: () => undefined,
  close: () => undefined,
});
