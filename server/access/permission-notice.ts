/**
 * The y-protocols "permission denied" message, sent to a connection the first time a message of
 * it needing a capability it lacks is dropped (once per capability): `varUint(2 = auth) varUint(0 = permission denied) varString(reason)`. A stock
 * y-websocket client logs it as a warning and carries on (it neither closes nor stops syncing),
 * so a developer looking at a viewer's console learns why its edits never arrive.
 */
import * as encoding from 'lib0/encoding';
import { MessageType } from '../protocol/messages.ts';
import { Capability } from './access.ts';

const PERMISSION_DENIED = 0;

const REASONS: Record<Capability, string> = {
  [Capability.docWrite]: 'read-only: this connection may not change the document',
  [Capability.presenceWrite]: 'this connection may not publish presence',
};

export function encodePermissionDenied(missing: Capability): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.auth);
  encoding.writeVarUint(encoder, PERMISSION_DENIED);
  encoding.writeVarString(encoder, REASONS[missing]);
  return encoding.toUint8Array(encoder);
}
