import * as Y from 'yjs';
import { CloseReason } from '../../../protocol/close-reasons.ts';
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import { browserTimers } from '../timing/timers.ts';
import { DeviceStore } from './device-store.ts';
import { pendingChanges } from './pending-changes.ts';
import { PENDING_SETTLE_MS, PENDING_THROTTLE_MS, PendingTracker } from './pending-tracker.ts';
import { pacedSocketClass } from './paced-socket.ts';
import { Reconnector } from './reconnect.ts';
import { RefusalWatch } from './refusal.ts';
import { accessCloseOf, TicketRetries } from './ticket-retry.ts';
import {
  bearerOf,
  requestTicket,
  socketAddress,
  type SocketAddress,
  type SocketTarget,
  type TicketFetch,
} from './tickets.ts';
import { saveStateOf, shownPending, type SaveState } from './save-state.ts';
import { ServerKnowledge } from './server-knowledge.ts';
import { nextStatus, type ConnectionEvent, type ConnectionStatus } from './status.ts';

export { linkRelayUrl, relayUrl } from './relay-urls.ts';

/**
 * The name of a link's copy on this device: room names never hold `:`, so a link's copy and a
 * room that happens to share its id's spelling never share a database.
 */
export function linkDeviceName(id: string): string {
  return `link:${id}`;
}

/**
 * Why this page may not be in the room at all, once the relay said so:
 * - gone: the link or token opens nothing (unknown, revoked, expired, refused);
 * - needs-link: the relay needs a link or a token and this page has neither (a room's name alone
 *   is no capability in the `links` and `token` modes).
 */
export type Denial = 'gone' | 'needs-link';

export interface ConnectionOptions {
  /** This browser profile's key (credentials/device-key.ts), sent with every ticket request. */
  readonly device: string;
  /** The copy kept on this device: the room's name, or linkDeviceName for a link. */
  readonly deviceName?: string;
  readonly fetch?: TicketFetch;
  readonly location?: Pick<Location, 'protocol' | 'host'>;
}

/** Knowledge is written to the device at most this often while it changes (and at every close). */
const KNOWLEDGE_SAVE_INTERVAL_MS = 500;

/**
 * One room's document, its copy on this device and its link to the relay, for as long as the
 * board is open.
 *
 * Start-up: the device's copy (IndexedDB) is loaded first, with what the relay was known to
 * hold, then the relay is contacted; a board visited before opens with no network at all.
 *
 * The save indicator (`saveState`, `pendingChanges`) rests on ServerKnowledge, fed every raw
 * frame the relay sends through a 'message' listener added to each new socket beside
 * y-websocket's own handler, which it leaves alone. Reconnecting is scheduled by Reconnector
 * (reconnect.ts) instead of y-websocket's fixed backoff.
 *
 * The state is `$state` driven by every provider event rather than read lazily through
 * `createSubscriber`: whether a retry shows "connecting" or "offline" depends on what happened
 * before, and a subscriber only listens while something is rendering it.
 */
export class Connection {
  readonly room: string;
  readonly doc = new Y.Doc();
  readonly #provider: WebsocketProvider;
  readonly #device: DeviceStore;
  readonly #knowledge = new ServerKnowledge();
  readonly #tracker: PendingTracker;
  readonly #reconnector: Reconnector;
  readonly #refusal = new RefusalWatch();
  readonly #detachWindow: () => void;
  #status = $state<ConnectionStatus>('connecting');
  #confirmed = $state(false);
  #pending = $state(0);
  #unsettled = $state(false);
  /** The close code with which the relay refused a change of this page, or null. */
  #refused = $state<number | null>(null);
  #saveTimer: ReturnType<typeof setTimeout> | null = null;
  /** Knowledge is written only after the device's copy was read, and only when it changed. */
  #knowledgeLoaded = false;
  #knowledgeDirty = false;
  #destroyed = false;
  readonly #target: SocketTarget;
  readonly #deviceKey: string;
  readonly #fetch: TicketFetch | undefined;
  readonly #location: Pick<Location, 'protocol' | 'host'>;
  readonly #ticketRetries = new TicketRetries();
  /** A ticket is being fetched for the next attempt: the link counts as active meanwhile. */
  #preparing = false;
  /** Bumped by every attempt and every close, so a ticket that arrives late opens nothing. */
  #attempt = 0;
  #denial = $state<Denial | null>(null);

  /**
   * Every attempt first asks for a one-time ticket (tickets.ts) and connects with it; `room` is
   * the room's name, or the link's id, which only names the device's copy and y-websocket's
   * channel between this browser's tabs, never a URL while tickets work.
   */
  constructor(target: SocketTarget, options: ConnectionOptions) {
    this.room = target.kind === 'room' ? target.room : target.id;
    this.#target = target;
    this.#deviceKey = options.device;
    this.#fetch = options.fetch;
    this.#location = options.location ?? location;
    this.#device = new DeviceStore(options.deviceName ?? this.room, this.doc);
    // The address without a ticket: y-websocket names its channel between tabs after it once,
    // here, so a link's tabs share one channel per link even though they connect through
    // `/ws/link/ticket`. Every attempt sets the address it connects to (#openWithTicket).
    const bare = socketAddress(target, null, this.#location);
    // Created unconnected: the device's copy goes first, and the listeners see every attempt.
    this.#provider = new WebsocketProvider(bare.serverUrl, bare.roomname, this.doc, {
      connect: false,
      WebSocketPolyfill: pacedSocketClass({
        timers: browserTimers,
        now: () => performance.now(),
        withhold: () => this.#refusal.refused !== null,
        sentDocument: () => this.#refusal.sentDocument(),
        unsendable: (bytes) => {
          console.warn(`A change of ${bytes} bytes is larger than the server takes; not sent`);
          this.#refusal.refuse();
          this.#refused = this.#refusal.refused;
        },
      }),
    });
    this.#tracker = new PendingTracker({
      count: () => pendingChanges(this.doc, this.#knowledge),
      onChange: () => {
        this.#pending = this.#tracker.pending.count;
        this.#unsettled = this.#tracker.unsettled;
      },
      timers: browserTimers,
      now: () => performance.now(),
      throttleMs: PENDING_THROTTLE_MS,
      settleMs: PENDING_SETTLE_MS,
    });
    const provider = this.#provider;
    const preparing = () => this.#preparing;
    this.#reconnector = new Reconnector(
      {
        get active() {
          return provider.ws !== null || preparing();
        },
        open: () => void this.#openWithTicket(),
        close: () => this.#close(),
        // y-websocket's scheduled retry checks this flag when it fires, and connect() sets it again.
        cancelOwnRetry: () => (provider.shouldConnect = false),
      },
      { timers: browserTimers },
    );

    provider.on('status', ({ status }) => {
      if (status === 'connecting') {
        this.#watchSocket();
        this.#apply({ type: 'attempt' });
      }
      if (status === 'connected') this.#apply({ type: 'open' });
      // 'disconnected' needs no case: 'connection-close' precedes it, and also covers attempts
      // that never opened, which emit no status at all.
    });
    provider.on('sync', (synced) => {
      this.#apply({ type: 'sync', synced });
      if (!synced) return;
      this.#reconnector.synced();
      this.#ticketRetries.synced();
    });
    provider.on('connection-close', (event) => {
      const access = accessCloseOf(event?.code, event?.reason);
      // A refused ticket is retried with a fresh one a few times (ticket-retry.ts), as a close
      // that says nothing about this page's changes; then it counts as the denial it is. So is a
      // page holding a credential told it has none: it connected without a ticket, the network
      // having failed the ticket's request.
      const ticketLacking =
        access === 'ticket-refused' ||
        (access === 'credential-missing' && bearerOf(this.#target) !== null);
      const retryTicket = ticketLacking && this.#ticketRetries.refused();
      this.#refused = this.#refusal.closed(retryTicket ? undefined : event?.code);
      this.#apply({ type: 'close' });
      this.#knowledge.connectionClosed();
      this.#confirmed = false;
      this.#saveKnowledge();
      // Denied (an unknown, revoked or expired link): every retry would be denied too.
      if (this.#refusal.denied) {
        this.#denial ??= access === 'credential-missing' && !ticketLacking ? 'needs-link' : 'gone';
        provider.disconnect();
      } else this.#reconnector.closed();
    });
    this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      // Updates the provider applies come from the relay (or another tab, over y-websocket's
      // BroadcastChannel); whatever they leave pending, the recount finds.
      if (origin === provider) this.#tracker.remoteChange();
      else this.#tracker.localChange();
    });
    this.#detachWindow = this.#watchWindow();
    void this.#start();
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  get synced(): boolean {
    return this.#status === 'synced';
  }

  /** What the sync indicator says (save-state.ts). */
  get saveState(): SaveState {
    return saveStateOf({
      status: this.#status,
      refused: this.#refused !== null,
      confirmed: this.#confirmed,
      pending: this.#pending,
      unsettled: this.#unsettled,
    });
  }

  /** The close code with which the relay refused a change made here, or null (refusal.ts). */
  get refusedWith(): number | null {
    return this.#refused;
  }

  /** Why the relay will not let this page in, once it said so (then nothing reconnects). */
  get denial(): Denial | null {
    return this.#denial;
  }

  /** Strokes added, changed or erased here that the relay is not known to hold (pending-changes.ts). */
  get pendingChanges(): number {
    return shownPending({ pending: this.#pending, unsettled: this.#unsettled });
  }

  /** Presence (cursors, names) travels here, beside the document, and is never stored. */
  get awareness(): Awareness {
    return this.#provider.awareness;
  }

  destroy(): void {
    this.#destroyed = true;
    this.#attempt++;
    this.#detachWindow();
    this.#reconnector.destroy();
    this.#tracker.destroy();
    this.#saveKnowledge();
    this.#provider.destroy();
    // Also closes the device's database (y-indexeddb listens for the doc's destruction).
    this.doc.destroy();
  }

  async #start(): Promise<void> {
    // A database that has not opened in time may never answer: then go on without it.
    const stored =
      (await this.#device.loaded) === 'loaded' ? await this.#device.loadKnowledge() : null;
    if (this.#destroyed) return;
    const remembered = stored && ServerKnowledge.decode(stored);
    // Only before any connection confirmed: the relay's own word then supersedes the device's.
    if (remembered && !this.#knowledge.confirmed) this.#knowledge.merge(remembered);
    this.#knowledgeLoaded = true;
    this.#tracker.countNow();
    this.#reconnector.start();
  }

  /**
   * One attempt: a fresh ticket, then the socket. y-websocket reads `serverUrl`, `roomname` and
   * `params` when it creates each socket, so they are set just before; its own retries never
   * reuse them, since Reconnector cancels those (a ticket is valid once).
   */
  async #openWithTicket(): Promise<void> {
    if (this.#preparing || this.#provider.ws !== null || this.#denial !== null) return;
    const attempt = ++this.#attempt;
    this.#preparing = true;
    const answer = await requestTicket(this.#target, this.#deviceKey, this.#fetch);
    if (attempt !== this.#attempt || this.#destroyed) return;
    this.#preparing = false;
    if (answer.kind === 'denied') {
      this.#deny(answer.status);
      return;
    }
    if (answer.kind === 'busy') {
      // As if the attempt had failed: the usual backoff asks again.
      this.#apply({ type: 'close' });
      this.#reconnector.closed();
      return;
    }
    const ticket = answer.kind === 'ticket' ? answer.ticket : null;
    this.#aim(socketAddress(this.#target, ticket, this.#location));
    this.#provider.connect();
  }

  #aim({ serverUrl, roomname, params }: SocketAddress): void {
    this.#provider.serverUrl = serverUrl;
    this.#provider.roomname = roomname;
    this.#provider.params = { ...params };
  }

  /**
   * The ticket endpoint refused this page's credential (or its lack of one): no socket would do
   * better. A room page without a token on a relay that needs one is told so; a link or a token
   * that opens nothing is gone.
   */
  #deny(status: 401 | 403): void {
    const credentialless = this.#target.kind === 'room' && this.#target.token === null;
    this.#denial = credentialless ? 'needs-link' : 'gone';
    // The close codes a socket would have been refused with (a 401 or 403 before the upgrade).
    const { credentialMissing, credentialOtherRoom } = CloseReason;
    this.#refusal.refuse(status === 401 ? credentialMissing.code : credentialOtherRoom.code);
    this.#refused = this.#refusal.refused;
    this.#apply({ type: 'close' });
  }

  /** Closes the socket, or gives up the attempt still fetching its ticket. */
  #close(): void {
    if (this.#preparing) {
      this.#attempt++;
      this.#preparing = false;
      this.#apply({ type: 'close' });
      this.#reconnector.closed();
    }
    this.#provider.disconnect();
  }

  /** Adds the frame listener to the socket y-websocket has just created. */
  #watchSocket(): void {
    const socket = this.#provider.ws;
    if (!socket) return;
    this.#knowledge.connectionOpened();
    this.#refusal.opened();
    this.#confirmed = false;
    socket.addEventListener('message', (event: MessageEvent) => {
      if (this.#provider.ws !== socket || !(event.data instanceof ArrayBuffer)) return;
      const { changed } = this.#knowledge.receive(new Uint8Array(event.data));
      if (!changed) return;
      this.#confirmed = this.#knowledge.confirmed;
      this.#knowledgeDirty = true;
      this.#tracker.remoteChange();
      this.#scheduleKnowledgeSave();
    });
  }

  #watchWindow(): () => void {
    const online = () => this.#reconnector.online();
    const offline = () => this.#reconnector.offline();
    const visibility = () => {
      if (document.visibilityState === 'visible') this.#reconnector.visible();
      else this.#saveKnowledge();
    };
    const pagehide = () => this.#saveKnowledge();
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    window.addEventListener('pagehide', pagehide);
    document.addEventListener('visibilitychange', visibility);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      window.removeEventListener('pagehide', pagehide);
      document.removeEventListener('visibilitychange', visibility);
    };
  }

  #scheduleKnowledgeSave(): void {
    this.#saveTimer ??= setTimeout(() => this.#saveKnowledge(), KNOWLEDGE_SAVE_INTERVAL_MS);
  }

  #saveKnowledge(): void {
    if (this.#saveTimer !== null) clearTimeout(this.#saveTimer);
    this.#saveTimer = null;
    if (!this.#knowledgeLoaded || !this.#knowledgeDirty) return;
    this.#knowledgeDirty = false;
    void this.#device.saveKnowledge(this.#knowledge.encode());
  }

  #apply(event: ConnectionEvent): void {
    this.#status = nextStatus(this.#status, event);
  }
}
