import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Config } from './config.ts';
import { createRequestHandler } from './http/routes.ts';
import { refuseUpgrade } from './http/respond.ts';
import { decideUpgrade } from './http/upgrade.ts';
import { silentLogger, type Logger } from './observability/logger.ts';
import { Metrics } from './observability/metrics.ts';
import { CloseReason } from './protocol/close-reasons.ts';
import { RoomRegistry, ShuttingDownError } from './rooms/room-registry.ts';
import type { DocStore } from './storage/doc-store.ts';
import { LevelStore } from './storage/level-store.ts';
import { Connection, type ConnectionServices } from './transport/connection.ts';

export interface ServerOptions {
  readonly config: Config;
  readonly logger?: Logger;
  /** Defaults to a LevelStore in config.dataDir, which the server then owns and closes. */
  readonly store?: DocStore;
  readonly metrics?: Metrics;
}

export interface RunningServer {
  readonly port: number;
  readonly url: string;
  readonly httpServer: Server;
  readonly metrics: Metrics;
  readonly rooms: RoomRegistry;
  /** Open connections, including those whose room is still loading. */
  connectionCount(): number;
  /** False once storage can no longer be trusted to read or write. */
  storageReady(): boolean;
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
  const store = options.store ?? (await LevelStore.open(config.dataDir));
  const rooms = new RoomRegistry({
    store,
    logger,
    metrics,
    compactAfterUpdates: config.compactAfterUpdates,
    compactAfterBytes: config.compactAfterBytes,
    maxPresenceStateBytes: config.maxPresenceStateBytes,
    maxPresenceClientsPerConnection: config.maxPresenceClientsPerConnection,
    maxRoomPresenceBytes: config.maxRoomPresenceBytes,
    maxPayload: config.maxPayload,
    answerBurstFullStates: config.answerBurstFullStates,
    answerRefillSeconds: config.answerRefillSeconds,
  });
  const connections = new Set<Connection>();
  const perRoom = new Map<string, number>();
  let shuttingDown = false;

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxPayload,
    // Compression costs CPU per socket per message and y-websocket does not ask for it.
    perMessageDeflate: false,
    // `connections` tracks sockets already; ws's own set would add a listener per socket.
    clientTracking: false,
  });
  const httpServer = createServer(
    createRequestHandler({ staticDir: config.staticDir, metrics, store, logger }),
  );

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
    onClosed: (connection) => {
      track(connection, -1);
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
          error instanceof ShuttingDownError ? CloseReason.goingAway : CloseReason.storageFailed,
        );
      },
    );
  };

  // ws listens for socket errors itself once it owns the socket; this one covers the handshake.
  const onUpgradeSocketError = (error: Error): void => {
    logger.debug({ err: error }, 'socket error during upgrade');
  };

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', onUpgradeSocketError);
    const decision = decideUpgrade(req, {
      shuttingDown,
      total: connections.size,
      maxTotal: config.maxConnections,
      roomCount: (room) => perRoom.get(room) ?? 0,
      maxPerRoom: config.maxConnectionsPerRoom,
    });
    if (!decision.ok) {
      metrics.upgradesRefused.labels(String(decision.status)).inc();
      refuseUpgrade(socket, decision.status, decision.message);
      return;
    }
    const { room } = decision;
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('error', onUpgradeSocketError);
      try {
        accept(new Connection(ws, room, services));
      } catch (error) {
        metrics.errors.labels('upgrade').inc();
        logger.error({ err: error, room }, 'accepting a connection failed');
        ws.terminate();
      }
    });
  };

  // The error boundary of one upgrade: a throw answers that request with 500 and nothing else.
  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    try {
      upgrade(req, socket, head);
    } catch (error) {
      metrics.errors.labels('upgrade').inc();
      logger.error({ err: error }, 'upgrade failed');
      if (socket.writable) refuseUpgrade(socket, 500, 'internal error');
      else socket.destroy();
    }
  });

  const heartbeat = setInterval(() => {
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

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      shuttingDown = true;
      clearInterval(heartbeat);
      const stoppedListening = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await rooms.closeAll();
      // Rooms closed their peers with 1001; connections still loading a room get the same.
      for (const connection of connections) connection.close(CloseReason.goingAway);
      await waitForClosed(connections, CLOSE_GRACE_MS);
      httpServer.closeAllConnections();
      await stoppedListening;
      if (ownsStore) await store.close();
    })();
    return closing;
  };

  return {
    port,
    url: `http://${host}:${port}`,
    httpServer,
    metrics,
    rooms,
    connectionCount: () => connections.size,
    storageReady: () => store.ready,
    close,
  };
}

async function waitForClosed(connections: Set<Connection>, graceMs: number): Promise<void> {
  const deadline = Date.now() + graceMs;
  while (connections.size > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  for (const connection of connections) connection.terminate();
}
