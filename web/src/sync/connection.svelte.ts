import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import { nextStatus, type ConnectionEvent, type ConnectionStatus } from './status.ts';

/** The relay's WebSocket endpoint on the page's own origin; the provider appends `/<room>`. */
export function relayUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws`;
}

/**
 * One room's document and its link to the relay, for as long as the board is open.
 *
 * The status is `$state` driven by every provider event rather than read lazily through
 * `createSubscriber`: whether a retry shows "connecting" or "offline" depends on what happened
 * before, and a subscriber only listens while something is rendering it.
 */
export class Connection {
  readonly room: string;
  readonly doc = new Y.Doc();
  #provider: WebsocketProvider;
  #status = $state<ConnectionStatus>('connecting');

  constructor(room: string, url: string = relayUrl(location)) {
    this.room = room;
    // Created unconnected so the listeners below see the very first attempt.
    this.#provider = new WebsocketProvider(url, room, this.doc, { connect: false });
    this.#provider.on('status', ({ status }) => {
      if (status === 'connecting') this.#apply({ type: 'attempt' });
      if (status === 'connected') this.#apply({ type: 'open' });
      // 'disconnected' needs no case: 'connection-close' precedes it, and also covers attempts
      // that never opened, which emit no status at all.
    });
    this.#provider.on('sync', (synced) => this.#apply({ type: 'sync', synced }));
    this.#provider.on('connection-close', () => this.#apply({ type: 'close' }));
    this.#provider.connect();
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  /** Presence (cursors, names) travels here, beside the document, and is never stored. */
  get awareness(): Awareness {
    return this.#provider.awareness;
  }

  get synced(): boolean {
    return this.#status === 'synced';
  }

  destroy(): void {
    this.#provider.destroy();
    this.doc.destroy();
  }

  #apply(event: ConnectionEvent): void {
    this.#status = nextStatus(this.#status, event);
  }
}
