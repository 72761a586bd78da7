/**
 * The load generator: a child process (forked by run.ts) that plays many stock y-websocket
 * users against one server and reports what it saw. It takes commands over IPC, so the parent
 * can read the server's CPU and memory between phases.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider } from '@hocuspocus/provider';
import WebSocket from 'ws';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export type LoadCommand =
  | {
      type: 'connect';
      /** A room's clients go round-robin over these: client c of each room to serverUrls[c % n]. */
      serverUrls: readonly string[];
      /** Whose stock client plays the users: y-websocket's, or Hocuspocus' own provider. */
      client: ClientKind;
      rooms: number;
      clients: number;
      prefix: string;
    }
  | { type: 'steady'; hz: number; seconds: number }
  | { type: 'burst'; strokes: number }
  | { type: 'converge' }
  | { type: 'count-frames'; seconds: number }
  | { type: 'close' };

export type ClientKind = 'y-websocket' | 'hocuspocus';

export type LoadReply =
  | { type: 'connected'; connections: number; seconds: number }
  | {
      type: 'steady-done';
      sent: number;
      delivered: number;
      /** Receivers on the writer's server (every receiver, with one server). */
      latenciesMs: number[];
      /** Receivers on another server than their room's writer: the update crossed Redis. */
      crossLatenciesMs: number[];
      /** This process's own event-loop delay: a delivery waits behind it too. */
      generatorLoopDelayP99Ms: number;
      generatorLoopDelayMaxMs: number;
      complete: boolean;
    }
  | { type: 'burst-done'; sent: number; delivered: number; seconds: number; complete: boolean }
  | { type: 'converged'; rooms: number; convergedRooms: number; strokesPerRoom: number[] }
  | { type: 'frames'; frames: number; seconds: number }
  | { type: 'closed' }
  | { type: 'error'; message: string };

/** What the generator needs of a stock provider, whichever library it comes from. */
interface Provider {
  readonly synced: boolean;
  destroy(): void;
}

interface Client {
  readonly doc: Y.Doc;
  readonly provider: Provider;
  readonly room: number;
}

const POINTS = 64;
// Every y-websocket provider adds a process 'exit' listener; a thousand are expected here.
process.setMaxListeners(0);
let clients: Client[] = [];
let writers: Client[] = [];
let delivered = 0;
let latencies: number[] = [];
let crossLatencies: number[] = [];
let frames = 0;

function reply(message: LoadReply): void {
  process.send!(message);
}

/** A stroke of 64 points, 3 bytes each, as the whiteboard packs them. */
function stroke(seq: number): Record<string, unknown> {
  const points = new Uint8Array(POINTS * 3);
  for (let i = 0; i < points.length; i++) points[i] = (seq * 31 + i * 7) & 0xff;
  return { t: performance.now(), seq, points };
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

function yWebsocketClient(serverUrl: string, room: string, doc: Y.Doc): Provider {
  const provider = new WebsocketProvider(serverUrl, room, doc, {
    // ws implements the browser WebSocket API that y-websocket expects.
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  provider.on('status', ({ status }: { status: string }) => {
    if (status === 'connected') {
      provider.ws!.addEventListener('message', () => (frames += 1));
    }
  });
  return provider;
}

function hocuspocusClient(serverUrl: string, room: string, doc: Y.Doc): Provider {
  // Its provider passes the whole configuration to the socket it makes, polyfill included
  // (Node 20 has no global WebSocket); the type only names the socket's url.
  const configuration = { url: serverUrl, name: room, document: doc, WebSocketPolyfill: WebSocket };
  return new HocuspocusProvider(configuration);
}

async function connect(command: Extract<LoadCommand, { type: 'connect' }>): Promise<void> {
  const started = performance.now();
  const urls = command.serverUrls;
  for (let room = 0; room < command.rooms; room++) {
    for (let c = 0; c < command.clients; c++) {
      const doc = new Y.Doc();
      const name = `${command.prefix}-${room}`;
      const url = urls[c % urls.length]!;
      const provider =
        command.client === 'hocuspocus'
          ? hocuspocusClient(url, name, doc)
          : yWebsocketClient(url, name, doc);
      const client: Client = { doc, provider, room };
      clients.push(client);
      if (c === 0) writers.push(client);
      else {
        // The writer is client 0, on urls[0]: a receiver elsewhere got the update via Redis.
        const crossed = c % urls.length !== 0;
        doc.getArray<Record<string, unknown>>('strokes').observe((event) => {
          const into = crossed ? crossLatencies : latencies;
          for (const change of event.changes.delta) {
            for (const item of change.insert ?? []) {
              delivered += 1;
              into.push(performance.now() - (item as { t: number }).t);
            }
          }
        });
      }
    }
    // Spread the connects a little: a thousand handshakes at once measure the accept queue.
    if (room % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const ok = await until(() => clients.every((c) => c.provider.synced), 60_000);
  if (!ok) throw new Error('not every client synced within 60 s');
  reply({
    type: 'connected',
    connections: clients.length,
    seconds: (performance.now() - started) / 1000,
  });
}

const receiversPerWriter = () => clients.length / writers.length - 1;

async function steady(hz: number, seconds: number): Promise<void> {
  delivered = 0;
  latencies = [];
  crossLatencies = [];
  let sent = 0;
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const ticks = Math.round(hz * seconds);
  const start = performance.now();
  for (let tick = 0; tick < ticks; tick++) {
    // Writers are spread across the tick so rooms do not all write in the same instant.
    const tickStart = start + (tick * 1000) / hz;
    for (let w = 0; w < writers.length; w++) {
      const due = tickStart + (w * 1000) / hz / writers.length;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      writers[w]!.doc.getArray('strokes').push([stroke(sent)]);
      sent += 1;
    }
  }
  const expected = sent * receiversPerWriter();
  const complete = await until(() => delivered >= expected, 30_000);
  loopDelay.disable();
  reply({
    type: 'steady-done',
    sent,
    delivered,
    latenciesMs: latencies,
    crossLatenciesMs: crossLatencies,
    generatorLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    generatorLoopDelayMaxMs: loopDelay.max / 1e6,
    complete,
  });
}

async function burst(strokes: number): Promise<void> {
  delivered = 0;
  latencies = [];
  const start = performance.now();
  let sent = 0;
  for (let i = 0; i < strokes; i++) {
    for (const writer of writers) {
      writer.doc.getArray('strokes').push([stroke(1_000_000 + i)]);
      sent += 1;
    }
  }
  const expected = sent * receiversPerWriter();
  const complete = await until(() => delivered >= expected, 120_000);
  reply({
    type: 'burst-done',
    sent,
    delivered,
    seconds: (performance.now() - start) / 1000,
    complete,
  });
}

async function converge(): Promise<void> {
  const byRoom = new Map<number, Client[]>();
  for (const client of clients)
    byRoom.set(client.room, [...(byRoom.get(client.room) ?? []), client]);
  let convergedRooms = 0;
  const strokesPerRoom: number[] = [];
  for (const members of byRoom.values()) {
    const ok = await until(() => {
      const reference = Y.encodeStateVector(members[0]!.doc).toString();
      return members.every((m) => Y.encodeStateVector(m.doc).toString() === reference);
    }, 30_000);
    const lengths = new Set(members.map((m) => m.doc.getArray('strokes').length));
    if (ok && lengths.size === 1) convergedRooms += 1;
    strokesPerRoom.push(members[0]!.doc.getArray('strokes').length);
  }
  reply({ type: 'converged', rooms: byRoom.size, convergedRooms, strokesPerRoom });
}

async function countFrames(seconds: number): Promise<void> {
  frames = 0;
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  reply({ type: 'frames', frames, seconds: (performance.now() - start) / 1000 });
}

function close(): void {
  for (const client of clients) {
    client.provider.destroy();
    client.doc.destroy();
  }
  clients = [];
  writers = [];
  reply({ type: 'closed' });
}

process.on('message', (command: LoadCommand) => {
  const run = async () => {
    switch (command.type) {
      case 'connect':
        return connect(command);
      case 'steady':
        return steady(command.hz, command.seconds);
      case 'burst':
        return burst(command.strokes);
      case 'converge':
        return converge();
      case 'count-frames':
        return countFrames(command.seconds);
      case 'close':
        return close();
    }
  };
  run().catch((error: unknown) => reply({ type: 'error', message: String(error) }));
});
