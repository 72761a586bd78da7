import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { SaveState } from '../../sync/save-state.ts';
import type { ConnectionStatus } from '../../sync/status.ts';
import { SimClient, type SimRelay } from '../../sync/test-support/sim-relay.ts';
import type { BoardLink } from '../board-session.svelte.ts';

/**
 * A board's link to the in-memory relay (sync/test-support/sim-relay.ts), every frame delivered
 * as it is sent: what Connection is to a real relay, with the status a test sets by hand.
 */
export class SimLink implements BoardLink {
  readonly room: string;
  readonly client = new SimClient({ awareness: new Awareness(new Y.Doc()), delivery: 'at-once' });
  readonly saveState: SaveState = 'saved';
  readonly pendingChanges = 0;
  readonly refusedWith = null;
  status = $state<ConnectionStatus>('connecting');

  constructor(room: string) {
    this.room = room;
  }

  get doc(): Y.Doc {
    return this.client.doc;
  }

  get awareness(): Awareness {
    return this.client.awareness;
  }

  get synced(): boolean {
    return this.status === 'synced';
  }

  connect(relay: SimRelay): void {
    this.client.connect(relay);
    this.status = 'synced';
  }

  disconnect(): void {
    this.client.disconnect();
    this.status = 'offline';
  }

  destroy(): void {
    this.client.destroy();
    this.doc.destroy();
  }
}
