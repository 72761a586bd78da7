import WebSocket from 'ws';
import * as Y from 'yjs';
import { decodeClientMessage, encodeSyncStep1 } from '../protocol/messages.ts';

/**
 * A silent member of a room that keeps everything the relay sends it and sends nothing back.
 * The relay sends an update only once it is stored, so what a witness holds is exactly what the
 * relay has acknowledged. Unlike a y-websocket client it never uploads, so it cannot put back
 * what the server lost; it reconnects after every close (asking for what it lacks) until stopped.
 */
export class Witness {
  readonly doc = new Y.Doc();
  /** Close codes of every socket the relay closed. */
  readonly closeCodes: number[] = [];
  readonly #url: string;
  #socket: WebSocket | null = null;
  #stopped = false;

  constructor(wsUrl: string, room: string) {
    this.#url = `${wsUrl}/${room}`;
    this.#connect();
  }

  #connect(): void {
    if (this.#stopped) return;
    const socket = new WebSocket(this.#url);
    this.#socket = socket;
    socket.binaryType = 'nodebuffer';
    socket.on('open', () => socket.send(encodeSyncStep1(Y.encodeStateVector(this.doc))));
    socket.on('message', (data: Buffer) => {
      const message = decodeClientMessage(new Uint8Array(data));
      if (message.type === 'sync-step2' || message.type === 'sync-update') {
        Y.applyUpdate(this.doc, message.update);
      }
    });
    // Refused upgrades and resets surface as errors first, then as a close.
    socket.on('error', () => undefined);
    socket.on('close', (code) => {
      this.closeCodes.push(code);
      if (!this.#stopped) setTimeout(() => this.#connect(), 200);
    });
  }

  strokes(name = 'strokes'): unknown[] {
    return this.doc.getArray(name).toJSON();
  }

  stop(): void {
    this.#stopped = true;
    this.#socket?.terminate();
    this.doc.destroy();
  }
}
