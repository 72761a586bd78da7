/**
 * The y-protocols wire format, one message per WebSocket frame:
 *   varUint(messageType) payload
 * sync:      varUint(step1 | step2 | update) varUint8Array(state vector or update)
 * awareness: varUint8Array(awareness update)
 * query-awareness: no payload
 * Pure functions: no I/O, so they are tested byte by byte. The whole wire contract, close codes
 * included, is written down in protocol/PROTOCOL.md.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType, SyncStep } from '../../protocol/messages.ts';

/** The ids are part of the contract with the app: protocol/messages.ts. */
export { MessageType, SyncStep };

export type ClientMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' };

/** A frame that cannot be read. `kind` picks the close code: malformed bytes versus a type we do not speak. */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
  constructor(
    readonly kind: 'malformed' | 'unsupported',
    message: string,
  ) {
    super(message);
  }
}

function readPayload(decoder: decoding.Decoder): Uint8Array {
  const length = decoding.readVarUint(decoder);
  const remaining = decoder.arr.length - decoder.pos;
  if (length > remaining) {
    throw new ProtocolError(
      'malformed',
      `payload length ${length} exceeds the ${remaining} bytes left in the frame`,
    );
  }
  return decoding.readUint8Array(decoder, length);
}

function readSync(decoder: decoding.Decoder): ClientMessage {
  const step = decoding.readVarUint(decoder);
  switch (step) {
    case SyncStep.step1:
      return { type: 'sync-step1', stateVector: readPayload(decoder) };
    case SyncStep.step2:
      return { type: 'sync-step2', update: readPayload(decoder) };
    case SyncStep.update:
      return { type: 'sync-update', update: readPayload(decoder) };
    default:
      throw new ProtocolError('unsupported', `unknown sync step ${step}`);
  }
}

function readBody(decoder: decoding.Decoder): ClientMessage {
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MessageType.sync:
      return readSync(decoder);
    case MessageType.awareness:
      return { type: 'awareness', update: readPayload(decoder) };
    case MessageType.queryAwareness:
      return { type: 'query-awareness' };
    case MessageType.auth:
      throw new ProtocolError('unsupported', 'clients may not send auth messages');
    default:
      throw new ProtocolError('unsupported', `unknown message type ${type}`);
  }
}

/**
 * Decodes one client frame. Throws ProtocolError for anything but exactly one well-formed message:
 * lib0's own decoding errors (truncated varints, reads past the end) become 'malformed'.
 */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(frame);
  let message: ClientMessage;
  try {
    message = readBody(decoder);
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError('malformed', `undecodable frame: ${(error as Error).message}`);
  }
  if (decoding.hasContent(decoder)) {
    throw new ProtocolError(
      'malformed',
      `${frame.length - decoder.pos} trailing bytes after the message`,
    );
  }
  return message;
}

function syncMessage(step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export const encodeSyncStep1 = (stateVector: Uint8Array): Uint8Array =>
  syncMessage(SyncStep.step1, stateVector);
export const encodeSyncStep2 = (update: Uint8Array): Uint8Array =>
  syncMessage(SyncStep.step2, update);
export const encodeSyncUpdate = (update: Uint8Array): Uint8Array =>
  syncMessage(SyncStep.update, update);

export function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}
