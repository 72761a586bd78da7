import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Access } from './access/access.ts';
import type { Identity } from './access/identity.ts';
import type { AuthorStore } from './authors/author-store.ts';
import { LevelAuthorStore } from './authors/level-author-store.ts';
import { MemoryAuthorStore } from './authors/memory-author-store.ts';
import type { AccessDecision, AccessPolicy, ViaLink } from './access/access-policy.ts';
import { credentialAccess } from './access/credential-access.ts';
import { CredentialExpiry } from './access/credential-expiry.ts';
import type { Spend } from './http/credential-routes.ts';
import { MemoryTicketStore } from './tickets/memory-ticket-store.ts';
import type { TicketStore } from './tickets/ticket-store.ts';
import { tokenVerifier } from './tokens/token-verifier.ts';
import { BoardHistory } from './history/board-history.ts';
import { LevelVersionStore } from './history/level-version-store.ts';
import { MemoryVersionStore } from './history/memory-version-store.ts';
import type { VersionStore } from './history/version-store.ts';
import { LevelLinkStore } from './links/level-link-store.ts';
import { LinkSessions } from './links/link-sessions.ts';
import type { LinkStore } from './links/link-store.ts';
import { MemoryLinkStore } from './links/memory-link-store.ts';
import type { Config } from './config.ts';
import { ClientAddresses, budgetKey, isForwarded } from './http/client-address.ts';
import { createMainServer, reloadCertificate, type CertificateReload } from './http/main-server.ts';
import { createMetricsApp } from './http/metrics-route.ts';
import { checkOrigin, requestTarget } from './http/origin-check.ts';
import { checkPublicHost } from './http/public-origin.ts';
import { createHttpRoutes } from './http/routes.ts';
import { refuseUpgrade } from './http/respond.ts';
import {
  decideSeat,
  decideUpgrade,
  type Admitted,
  type ClientAllowance,
  type UpgradeRefusal,
} from './http/upgrade.ts';
import { silentLogger, type Logger } from './observability/logger.ts';
import { Metrics } from './observability/metrics.ts';
import { CloseReason } from './protocol/close-reasons.ts';
import { RoomRegistry, ShuttingDownError } from './rooms/room-registry.ts';
import { DataBudget } from './storage/data-budget.ts';
import { StoreUnavailableError, type DocStore, type StoreHealth } from './storage/doc-store.ts';
import { LevelStore } from './storage/level-store.ts';
import { openClusterServices } from './redis/cluster-services.ts';
import { AddressBudgets, type AddressBudget } from './transport/address-budget.ts';
import { Connection, type ConnectionServices } from './transport/connection.ts';
import { QueuedBytes } from './transport/queued-bytes.ts';
import { SharedInbound } from './transport/shared-inbound.ts';

export interface ServerOptions {
  readonly config: Config;
  readonly logger?: Logger;
  /** Defaults to a LevelStore in config.dataDir, which the server then owns and closes. */
  readonly store?: DocStore;
  readonly metrics?: Metrics;
  /**
   * What each connection may do; defaults to the credentials of ACCESS_MODE
   * (access/credential-access.ts).
   */
  readonly access?: AccessPolicy;
  /** Where tickets wait for their upgrade; defaults to this process's memory. */
  readonly tickets?: TicketStore;
  /**
   * Where links live. Defaults to a table of the server's own LevelStore; with a `store` given,
   * to memory.
   */
  readonly links?: LinkStore;
  /**
   * Who wrote first under each Yjs client id (authors/). Defaults to a table of the server's own
   * LevelStore; with a `store` given, to memory.
   */
  readonly authors?: AuthorStore;
  /**
   * Where board history lives (history/). Defaults to a table of the server's own LevelStore;
   * with a `store` given, to memory.
   */
  readonly versions?: VersionStore;
}

export interface RunningServer {
  readonly port: number;
  readonly url: string;
  /** Where /metrics is served: the METRICS_PORT listener, or the main port. */
  readonly metricsUrl: string;
  readonly httpServer: Server;
  readonly metrics: Metrics;
  readonly rooms: RoomRegistry;
  /** Open connections, including those whose room is still loading. */
  connectionCount(): number;
  /** 'open' while storage serves; 'failed' or 'reopening' while it recovers from a failed write. */
  storageHealth(): StoreHealth;
  /**
   * Re-reads TLS_CERT_FILE and TLS_KEY_FILE for new connections (SIGHUP); a bad file keeps the
   * certificate served so far. Logs what it did; never throws for a bad file.
   */
  reloadCertificate(): CertificateReload;
  /** Graceful stop: refuse new connections, store every room, close the rest with 1001. */
  close(): Promise<void>;
}

/** Time the shutdown gives clients to answer the close handshake before their sockets are cut. */
const CLOSE_GRACE_MS = 2000;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { config } = options;
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? new Metrics();
  const ownsStore = !options.store;
  // REDIS_URL: rooms, authors, links and tickets live in Redis, shared with the other instances.
  const cluster =
    config.redis && !options.store
      ? await openClusterServices(config.redis, { logger, metrics })
      : null;
  const store =
    options.store ??
    cluster?.store ??
    (await LevelStore.open(config.dataDir, {
      onHealthChange: (health, error) => {
        if (error === undefined) {
          logger.info({ health }, 'storage health changed');
          return;
        }
        metrics.errors.labels(health === 'failed' ? 'storage_failed' : 'storage_health').inc();
        logger.error({ err: error, health }, 'storage failed; refusing writes until reopened');
      },
    }));
  const links =
    options.links ??
    cluster?.links ??
    (store instanceof LevelStore
      ? new LevelLinkStore(store.table('links'))
      : new MemoryLinkStore());
  const authors =
    options.authors ??
    cluster?.authors ??
    (store instanceof LevelStore
      ? new LevelAuthorStore(store.table('authors'))
      : new MemoryAuthorStore());
  const tickets = options.tickets ?? cluster?.tickets ?? new MemoryTicketStore();
  const versions =
    options.versions ??
    cluster?.versions ??
    (store instanceof LevelStore
      ? new LevelVersionStore(store.table('versions'))
      : new MemoryVersionStore());
  const history = new BoardHistory(versions, {
    keepAllMs: config.versionKeepAllHours * 3_600_000,
    hourlyForMs: config.versionKeepHourlyDays * 24 * 3_600_000,
  });
  /** What /readyz reports: with REDIS_URL, the store's and the fan-out's connections both. */
  const readiness: { readonly health: StoreHealth } = cluster ?? store;
  const { auth } = config;
  const verifyToken =
    auth.tokenKey === null
      ? null
      : tokenVerifier({ key: auth.tokenKey, audience: auth.audience, issuer: auth.issuer });
  const accessPolicy =
    options.access ?? credentialAccess({ mode: auth.mode, links, tickets, verifyToken });
  const linkSessions = new LinkSessions<Connection>();
  const tokenExpiry = new CredentialExpiry<Connection>();
  const rooms = new RoomRegistry({
    store,
    authors,
    logger,
    metrics,
    compactAfterUpdates: config.compactAfterUpdates,
    compactAfterBytes: config.compactAfterBytes,
    roomIdleUnloadMs: config.roomIdleUnloadMs,
    maxPresenceStateBytes: config.maxPresenceStateBytes,
    maxPresenceClientsPerConnection: config.maxPresenceClientsPerConnection,
    maxNewClientsPerConnection: config.maxNewClientsPerConnection,
    maxRoomBytes: config.maxRoomBytes,
    maxRoomPresenceBytes: config.maxRoomPresenceBytes,
    maxPayload: config.maxPayload,
    answerBurstFullStates: config.answerBurstFullStates,
    answerRefillSeconds: config.answerRefillSeconds,
    history: { versions: history, idleMs: config.versionIdleMs },
    ...(cluster ? { bus: cluster.bus } : {}),
  });
  const connections = new Set<Connection>();
  const perRoom = new Map<string, number>();
  let shuttingDown = false;
  const clientAddresses = new ClientAddresses(config.trustProxy);
  const addresses = new AddressBudgets(config);
  /** One ticket or room creation of the request's client address, as for its upgrades. */
  const spendOf = (req: IncomingMessage, what: 'ticket' | 'room'): Spend => {
    const address = clientAddresses.of(req);
    if (address === null) {
      return {
        ok: false,
        status: 400,
        message: 'X-Forwarded-For holds something that is no address',
      };
    }
    const now = performance.now();
    const budget = addresses.of(budgetKey(address), now);
    if (what === 'ticket' ? budget.takeTicket(now) : budget.takeNewRoom(now)) return { ok: true };
    return {
      ok: false,
      status: 429,
      message: what === 'ticket' ? 'too many tickets asked for' : 'too many new rooms',
      retryAfterSeconds: what === 'ticket' ? 1 : Math.ceil(60 / config.newRoomsPerMinutePerIp),
    };
  };
  const queued = new QueuedBytes(config.maxTotalBufferedBytes, CloseReason.serverBacklog);
  /** Each room's shared inbound budget, while the room has connections. */
  const roomInbound = new Map<string, SharedInbound>();
  const dataBudget = new DataBudget(config.dataDir, config.maxDataBytes, (error) => {
    metrics.errors.labels('data_budget').inc();
    logger.error({ err: error, dataDir: config.dataDir }, 'measuring DATA_DIR failed');
  });
  await dataBudget.start();

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxPayload,
    // Compression costs CPU per socket per message and y-websocket does not ask for it.
    perMessageDeflate: false,
    // `connections` tracks sockets already; ws's own set would add a listener per socket.
    clientTracking: false,
  });
  const metricsPolicy = {
    servedHere: config.metricsPort === null,
    dedicated: false,
    token: config.metricsToken,
  };
  const main = createMainServer(config.tls);
  const http = createHttpRoutes({
    staticDir: config.staticDir,
    metrics,
    store: readiness,
    logger,
    metricsPolicy,
    frameAncestors: config.frameAncestors,
    publicHost: (req) =>
      checkPublicHost(requestTarget(req, clientAddresses.peerIsTrusted(req)), config.publicOrigin),
    // Only in the open mode is a room's name its edit capability, for the link API too.
    links: {
      store: links,
      sessions: linkSessions,
      roomNameIsEnough: auth.mode === 'open',
      verifyToken,
    },
    history: {
      editors: { store: links, roomNameIsEnough: auth.mode === 'open', verifyToken },
      history,
      rooms,
      exists: (room) => store.exists(room),
    },
    credentials: {
      mode: auth.mode,
      links,
      tickets,
      verifyToken,
      spend: (req, what) => spendOf(req, what),
    },
    tls: main.scheme === 'https',
    server: main.server,
  });
  // The upgrade below is ours, on the node server itself: no route or hook of the framework
  // runs before the decision, and none sees a frame. With TLS it is the same, over TLS (wss).
  const httpServer = main.server;
  // A failed handshake (plain HTTP to the TLS port, an untrusted certificate, a scanner) ends
  // that socket only; Node destroys it. Logged at debug: scanners make these all day.
  if (main.scheme === 'https') {
    main.server.on('tlsClientError', (error: Error) => {
      logger.debug({ err: error }, 'TLS handshake failed');
    });
  }
  const metricsApp =
    config.metricsPort === null
      ? null
      : createMetricsApp({ metrics, logger, token: config.metricsToken });
  const metricsServer = metricsApp?.server ?? null;

  const track = (connection: Connection, delta: 1 | -1): void => {
    if (delta === 1) connections.add(connection);
    else connections.delete(connection);
    const count = (perRoom.get(connection.room) ?? 0) + delta;
    if (count === 0) perRoom.delete(connection.room);
    else perRoom.set(connection.room, count);
    metrics.connections.set(connections.size);
  };

  // Shared by every connection, so a socket carries no closures of its own.
  const services: ConnectionServices = {
    limits: config,
    metrics,
    logger,
    queued,
    storage: dataBudget,
    onClosed: (connection) => {
      track(connection, -1);
      linkSessions.closed(connection);
      tokenExpiry.closed(connection);
      connection.leaveBudgets();
      connection.address.release(connection.room, performance.now());
      if (roomInbound.get(connection.room)?.size === 0) roomInbound.delete(connection.room);
      // Not attached yet: the join below sees the closed state and leaves the room itself.
      connection.target?.leave(connection);
    },
  };

  const accept = (connection: Connection): void => {
    track(connection, 1);
    rooms.join(connection.room, connection).then(
      (room) => {
        if (connection.state === 'open') connection.attach(room);
        else room.leave(connection);
      },
      (error: unknown) => {
        connection.close(
          error instanceof ShuttingDownError
            ? CloseReason.goingAway
            : cluster && readiness.health !== 'open'
              ? CloseReason.redisUnavailable
              : error instanceof StoreUnavailableError
                ? CloseReason.storageUnavailable
                : CloseReason.storageFailed,
        );
      },
    );
  };

  // ws listens for socket errors itself once it owns the socket; this one covers the handshake.
  const onUpgradeSocketError = (error: Error): void => {
    logger.debug({ err: error }, 'socket error during upgrade');
  };

  const inboundOf = (room: string): SharedInbound => {
    let shared = roomInbound.get(room);
    if (!shared) {
      shared = new SharedInbound(
        {
          bytesPerSecond: config.roomRateLimitBytesPerSecond,
          // As for one connection: any single legal frame passes a rested room.
          burst: 2 * config.maxPayload,
          heavyBytes: config.maxPayload,
          reason: CloseReason.roomVolume,
        },
        performance.now(),
      );
      roomInbound.set(room, shared);
    }
    return shared;
  };

  const allowance = (budget: AddressBudget, withinUpgradeRate: boolean): ClientAllowance => ({
    withinUpgradeRate,
    connections: budget.connections,
    maxConnections: config.maxConnectionsPerIp,
    roomConnections: (room) => budget.roomConnections(room),
    maxRoomSharePercent: config.maxRoomSharePerIp,
  });

  const capacity = () => ({
    shuttingDown,
    total: connections.size,
    maxTotal: config.maxConnections,
    roomCount: (room: string) => perRoom.get(room) ?? 0,
    maxPerRoom: config.maxConnectionsPerRoom,
  });

  const refuse = (socket: Duplex, decision: UpgradeRefusal): void => {
    metrics.upgradesRefused.labels(String(decision.status)).inc();
    refuseUpgrade(socket, decision.status, decision.message, decision.retryAfterSeconds);
  };

  let warnedUntrustedForward = false;
  const warnIfUntrustedForward = (req: IncomingMessage): void => {
    if (warnedUntrustedForward || config.trustProxy.length > 0 || !isForwarded(req)) return;
    warnedUntrustedForward = true;
    logger.warn(
      { peer: req.socket.remoteAddress },
      'upgrade forwarded by a proxy, but TRUST_PROXY is empty: every client behind it shares ' +
        "the proxy's per-address limits; set TRUST_PROXY to the proxy's address",
    );
  };

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', onUpgradeSocketError);
    const now = performance.now();
    warnIfUntrustedForward(req);
    const address = clientAddresses.of(req);
    const budget = address === null ? null : addresses.of(budgetKey(address), now);
    // Every attempt spends an upgrade, even a bad one: answering costs too.
    const client = budget && allowance(budget, budget.takeUpgrade(now));
    // Other sites' pages first: they learn nothing of rooms or limits.
    const target = requestTarget(req, clientAddresses.peerIsTrusted(req));
    const host = checkPublicHost(target, config.publicOrigin);
    if (!host.ok) return refuse(socket, host);
    const origin = checkOrigin(
      { origin: req.headers.origin, target: config.publicOrigin ?? target },
      config.allowedOrigins,
    );
    if (!origin.ok) return refuse(socket, origin);
    const decision = decideUpgrade(req, capacity(), client);
    if (!decision.ok) return refuse(socket, decision);
    if (!budget) throw new Error('an accepted upgrade always has a client address');
    if ('link' in decision) {
      admitLink(req, socket, head, decision.link, budget).catch((error: unknown) =>
        upgradeFailed(socket, error),
      );
      return;
    }
    const { room } = decision;
    // The seat is held from here, so that upgrades in flight count against the address too.
    budget.reserve(room);
    admit(req, socket, head, room, budget, null).catch((error: unknown) =>
      upgradeFailed(socket, error),
    );
  };

  /**
   * An upgrade through a link: the link names the room, so the room's seat checks come after the
   * lookup. A link that opens nothing completes the upgrade and closes (4401, 4403).
   */
  const admitLink = async (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    id: string,
    budget: AddressBudget,
  ): Promise<void> => {
    const granted = await accessPolicy.decideLink(req, id);
    if (!granted.ok) return deny(req, socket, head, granted.close);
    const seat = decideSeat(granted.room, capacity(), allowance(budget, true));
    if (!seat.ok) return refuse(socket, seat);
    budget.reserve(granted.room);
    await admit(req, socket, head, granted.room, budget, granted);
  };

  /** Completes the upgrade only to close it with `reason`: what a browser can read, unlike a status. */
  const deny = (req: IncomingMessage, socket: Duplex, head: Buffer, reason: CloseReason): void => {
    if (socket.destroyed) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('error', onUpgradeSocketError);
      ws.on('error', (error) => logger.debug({ err: error }, 'socket error on a denied upgrade'));
      metrics.connectionsClosed.labels(reason.label).inc();
      ws.close(reason.code, reason.reason);
      // A client that never answers the close would hold the socket for ws's 30 s; these
      // sockets hold no seat, so they get the shutdown's grace and no more.
      const cut = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
      cut.unref();
      ws.once('close', () => clearTimeout(cut));
    });
  };

  /**
   * The rest of an upgrade once the request itself is fine: what the connection may do, and
   * whether it may open its room. Either may wait (a policy's lookup, a store read); a client's
   * frames stay unread in its socket meanwhile, as Node reads no upgraded socket until ws takes
   * it, and its seat stays held. Without a wait (open access, a loaded room) it all happens in
   * this turn, as before. Its own error boundary, as it awaits.
   */
  const admit = async (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    room: string,
    budget: AddressBudget,
    via: {
      readonly access: Access;
      readonly link: ViaLink | null;
      readonly identity?: Identity | null;
      readonly tokenExpiresAt?: number;
    } | null,
  ): Promise<void> => {
    // A link was looked up already: that was a wait, and decided the access.
    let waited = via !== null;
    let access: Access;
    let identity: Identity | null = via?.identity ?? null;
    let link: ViaLink | null = via?.link ?? null;
    let tokenExpiresAt: number | null = via?.tokenExpiresAt ?? null;
    if (via) access = via.access;
    else
      try {
        const pending = accessPolicy.decide(req, room);
        let granted: AccessDecision;
        if (pending instanceof Promise) {
          waited = true;
          granted = await pending;
        } else {
          granted = pending;
        }
        if (!granted.ok) {
          budget.release(room, performance.now());
          return 'close' in granted
            ? deny(req, socket, head, granted.close)
            : refuse(socket, granted);
        }
        access = granted.access;
        identity = granted.identity ?? null;
        link = granted.link ?? null;
        tokenExpiresAt = granted.tokenExpiresAt ?? null;
      } catch (error) {
        budget.release(room, performance.now());
        metrics.errors.labels('upgrade').inc();
        logger.error({ err: error, room }, 'deciding access failed');
        if (socket.writable) refuseUpgrade(socket, 500, 'internal error');
        else socket.destroy();
        return;
      }
    // A room the registry does not hold is loaded by this upgrade: that spends one of the
    // address's room creations. With none left, only a room that has stored content may still be
    // opened. A room someone is in, or a warm one, costs no load.
    const loaded = perRoom.has(room) || rooms.holds(room);
    if (!loaded && !budget.takeNewRoom(performance.now())) {
      waited = true;
      if (!(await storedElsewhere(socket, room, budget))) return;
    }
    if (waited) {
      // Re-checked after a wait: the server may have filled up or begun to shut down.
      budget.release(room, performance.now());
      const again = decideSeat(room, capacity(), allowance(budget, true));
      if (!again.ok) return refuse(socket, again);
      budget.reserve(room);
    }
    complete(req, socket, head, { room, access, identity }, budget, { link, tokenExpiresAt });
  };

  /**
   * Whether `room` has stored content, for an address out of room creations: one read (the
   * snapshot key, else the first log key), not the room: the join loads it. False once refused.
   */
  const storedElsewhere = async (
    socket: Duplex,
    room: string,
    budget: AddressBudget,
  ): Promise<boolean> => {
    try {
      if (await store.exists(room)) return true;
      budget.release(room, performance.now());
      refuse(socket, {
        ok: false,
        status: 429,
        message: 'too many new rooms opened from one address',
        retryAfterSeconds: Math.ceil(60 / config.newRoomsPerMinutePerIp),
      });
    } catch (error) {
      budget.release(room, performance.now());
      metrics.errors.labels('upgrade').inc();
      logger.error({ err: error, room }, 'checking a room for stored content failed');
      if (socket.writable) refuseUpgrade(socket, 503, 'storage unavailable');
      else socket.destroy();
    }
    return false;
  };

  /** Completes an accepted upgrade; the address's seat in its room is already taken. */
  const complete = (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    admitted: Admitted,
    budget: AddressBudget,
    /** What ends the connection besides itself: its link's revocation or expiry, its token's. */
    ends: { readonly link: ViaLink | null; readonly tokenExpiresAt: number | null },
  ): void => {
    const { room } = admitted;
    // ws answers a malformed handshake itself and never calls back: the seat goes with the socket.
    const releaseSeat = (): void => budget.release(room, performance.now());
    if (socket.destroyed) {
      releaseSeat();
      return;
    }
    socket.once('close', releaseSeat);
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('error', onUpgradeSocketError);
      socket.off('close', releaseSeat);
      try {
        const connection = new Connection(ws, admitted, services, budget, inboundOf(room));
        accept(connection);
        const { link, tokenExpiresAt } = ends;
        if (link) linkSessions.opened(link.id, link.expiresAt, connection, Date.now());
        if (tokenExpiresAt !== null) tokenExpiry.opened(connection, tokenExpiresAt, Date.now());
      } catch (error) {
        releaseSeat();
        metrics.errors.labels('upgrade').inc();
        logger.error({ err: error, room }, 'accepting a connection failed');
        ws.terminate();
      }
    });
  };

  // The error boundary of one upgrade: a throw answers that request with 500 and nothing else.
  const upgradeFailed = (socket: Duplex, error: unknown): void => {
    metrics.errors.labels('upgrade').inc();
    logger.error({ err: error }, 'upgrade failed');
    if (socket.writable) refuseUpgrade(socket, 500, 'internal error');
    else socket.destroy();
  };
  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    try {
      upgrade(req, socket, head);
    } catch (error) {
      upgradeFailed(socket, error);
    }
  });

  // Redis gone: this instance can neither store nor hear the others, so its clients try again
  // (1013) with backoff, through the load balancer, and find it, or another, once Redis is back.
  cluster?.bus.onHealthChange((health) => {
    if (health !== 'unavailable') return;
    logger.error({ connections: connections.size }, 'redis unreachable: closing connections');
    for (const connection of connections) connection.close(CloseReason.redisUnavailable);
  });

  const heartbeat = setInterval(() => {
    addresses.sweep(performance.now());
    addresses.refreshQueued();
    queued.refresh();
    for (const connection of connections) {
      // One connection's failure ends that connection, not the tick for everyone after it.
      try {
        connection.heartbeat();
      } catch (error) {
        metrics.errors.labels('heartbeat').inc();
        logger.error({ err: error, room: connection.room }, 'heartbeat failed');
        connection.terminate();
      }
    }
  }, config.heartbeatMs);
  heartbeat.unref();

  await http.ready();
  await listen(httpServer, config.port, config.host);
  const { port } = httpServer.address() as AddressInfo;
  const host = reachableHost(config.host);
  if (metricsApp) {
    await metricsApp.ready();
    await listen(metricsApp.server, config.metricsPort!, config.metricsHost);
  }
  const url = `${main.scheme}://${host}:${port}`;
  // The METRICS_PORT listener stays plain HTTP: it is bound to loopback unless told otherwise.
  const metricsUrl = metricsServer
    ? `http://${reachableHost(config.metricsHost)}:${(metricsServer.address() as AddressInfo).port}`
    : url;

  const reload = (): CertificateReload => {
    const result = reloadCertificate(main);
    if (result.outcome === 'reloaded') {
      const { fingerprint256, validTo, files } = result.credentials;
      logger.info(
        { certFile: files.certFile, fingerprint256, validTo },
        'TLS certificate reloaded',
      );
    } else if (result.outcome === 'kept') {
      metrics.errors.labels('tls_reload').inc();
      logger.error(
        {
          err: result.error,
          variable: result.error.variable,
          file: result.error.file,
          fingerprint256: result.credentials.fingerprint256,
        },
        'TLS certificate reload failed; still serving the previous certificate',
      );
    } else {
      logger.warn('certificate reload asked for, but TLS_CERT_FILE is not set');
    }
    return result;
  };

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      shuttingDown = true;
      clearInterval(heartbeat);
      linkSessions.stop();
      tokenExpiry.stop();
      dataBudget.stop();
      metricsServer?.close();
      metricsServer?.closeAllConnections();
      const stoppedListening = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await rooms.closeAll();
      // Rooms closed their peers with 1001; connections still loading a room get the same.
      for (const connection of connections) connection.close(CloseReason.goingAway);
      await waitForClosed(connections, CLOSE_GRACE_MS);
      httpServer.closeAllConnections();
      await stoppedListening;
      // The servers are closed above (they were never Fastify's to listen on): this runs the
      // framework's own onClose steps.
      await Promise.all([http.close(), metricsApp?.close()]);
      if (cluster) await cluster.close();
      else if (ownsStore) await store.close();
    })();
    return closing;
  };

  return {
    port,
    url,
    metricsUrl,
    httpServer,
    metrics,
    rooms,
    connectionCount: () => connections.size,
    storageHealth: () => readiness.health,
    reloadCertificate: reload,
    close,
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** An address a client on this machine can reach a server listening on `host` at. */
const reachableHost = (host: string): string =>
  host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;

async function waitForClosed(connections: Set<Connection>, graceMs: number): Promise<void> {
  const deadline = Date.now() + graceMs;
  while (connections.size > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  for (const connection of connections) connection.terminate();
}
