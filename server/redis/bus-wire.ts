/**
 * What relay instances say to each other on a room's presence channel (`wb:{<room>}:presence`,
 * sharded pub/sub). Updates never travel here: they are read from the room's stream, which keeps
 * them in order and loses none. Byte layout, lib0 encoding:
 *
 *   varUint(kind) varString(instance id) payload
 *   presence: varUint(n) then n × varUint8Array(awareness frame, a whole y-protocols message)
 *   ping:     varString(token)
 *   tick:     varUint(end): the publisher appended to the room's stream up to `end`
 *   recall:   nothing more: the publisher just opened the room; the others send their own
 *             clients' presence again (presence-recall.ts)
 *
 * Every message names its instance, so an instance drops its own (Redis delivers a channel's
 * messages to every subscriber, the publisher's own connection included) and the others learn
 * which client ids that instance carries (presence-ledger.ts). Pure: tested byte by byte.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const BusMessageKind = { presence: 0, ping: 1, tick: 2, recall: 3 } as const;

export type BusMessage =
  | {
      readonly type: 'presence';
      readonly instance: string;
      /** Awareness messages as the publisher's own peers got them. */
      readonly frames: readonly Uint8Array[];
    }
  | {
      /** A round trip of the publisher to itself: everything sent on the channel before it has arrived. */
      readonly type: 'ping';
      readonly instance: string;
      readonly token: string;
    }
  | {
      /**
       * On a Redis Cluster, where instances poll room streams (polling-stream-reader.ts): news
       * in the stream, read it now rather than at the next sweep.
       */
      readonly type: 'tick';
      readonly instance: string;
      readonly end: number;
    }
  | {
      /**
       * The publisher opened the room just now and holds nobody's presence yet: each other
       * instance sends its own clients' states, rather than leave them unseen until they renew.
       */
      readonly type: 'recall';
      readonly instance: string;
    };

export class BusWireError extends Error {
  override name = 'BusWireError';
}

export function encodeBusMessage(message: BusMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  switch (message.type) {
    case 'presence':
      encoding.writeVarUint(encoder, BusMessageKind.presence);
      encoding.writeVarString(encoder, message.instance);
      encoding.writeVarUint(encoder, message.frames.length);
      for (const frame of message.frames) encoding.writeVarUint8Array(encoder, frame);
      break;
    case 'ping':
      encoding.writeVarUint(encoder, BusMessageKind.ping);
      encoding.writeVarString(encoder, message.instance);
      encoding.writeVarString(encoder, message.token);
      break;
    case 'tick':
      encoding.writeVarUint(encoder, BusMessageKind.tick);
      encoding.writeVarString(encoder, message.instance);
      encoding.writeVarUint(encoder, message.end);
      break;
    case 'recall':
      encoding.writeVarUint(encoder, BusMessageKind.recall);
      encoding.writeVarString(encoder, message.instance);
      break;
    default: {
      const unreachable: never = message;
      throw new Error(`unknown bus message ${JSON.stringify(unreachable)}`);
    }
  }
  return encoding.toUint8Array(encoder);
}

/** Throws BusWireError for bytes no instance of this version wrote. */
export function decodeBusMessage(bytes: Uint8Array): BusMessage {
  try {
    const decoder = decoding.createDecoder(bytes);
    const kind = decoding.readVarUint(decoder);
    const instance = decoding.readVarString(decoder);
    let message: BusMessage;
    if (kind === BusMessageKind.presence) {
      const count = decoding.readVarUint(decoder);
      // Each frame takes at least one byte: a larger count is a lie about the message.
      if (count > bytes.length) throw new BusWireError(`presence message claims ${count} frames`);
      const frames: Uint8Array[] = [];
      for (let i = 0; i < count; i++) frames.push(readBytes(decoder));
      message = { type: 'presence', instance, frames };
    } else if (kind === BusMessageKind.ping) {
      message = { type: 'ping', instance, token: decoding.readVarString(decoder) };
    } else if (kind === BusMessageKind.tick) {
      message = { type: 'tick', instance, end: decoding.readVarUint(decoder) };
    } else if (kind === BusMessageKind.recall) {
      message = { type: 'recall', instance };
    } else {
      throw new BusWireError(`unknown bus message kind ${kind}`);
    }
    if (decoding.hasContent(decoder)) throw new BusWireError('bytes after the bus message');
    return message;
  } catch (error) {
    if (error instanceof BusWireError) throw error;
    throw new BusWireError(`undecodable bus message: ${(error as Error).message}`);
  }
}

function readBytes(decoder: decoding.Decoder): Uint8Array {
  const length = decoding.readVarUint(decoder);
  if (length > decoder.arr.length - decoder.pos) throw new BusWireError('frame past the end');
  // A copy: the message buffer may be reused by the client library.
  return decoding.readUint8Array(decoder, length).slice();
}
