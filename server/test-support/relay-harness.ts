import type { Socket } from 'node:net';
import { expect } from 'vitest';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import type { DocStore } from '../storage/doc-store.ts';
import { stockClient, synced, waitFor, type StockClient } from './clients.ts';
import { RawSocket, type Closed } from './raw-socket.ts';
import { removeDir, startTestServer, type TestServer } from './server.ts';

/** A stock client whose lost sockets are recorded: `drops` stays empty while it never disconnected. */
export interface Person extends StockClient {
  readonly name: string;
  readonly drops: number[];
}

/** A real server and everything connected to it, restarted and torn down together. */
export class Relay {
  #server: TestServer;
  readonly #env: Record<string, string>;
  /** A store the test owns, kept across restarts; by default each server opens LevelDB in its folder. */
  readonly #store: DocStore | undefined;
  readonly #people = new Set<Person>();
  readonly #raws = new Set<RawSocket>();

  private constructor(
    server: TestServer,
    env: Record<string, string>,
    store: DocStore | undefined,
  ) {
    this.#server = server;
    this.#env = env;
    this.#store = store;
  }

  static async start(env: Record<string, string> = {}, store?: DocStore): Promise<Relay> {
    return new Relay(await startTestServer(env, store), env, store);
  }

  get server(): TestServer {
    return this.#server;
  }

  roomUrl(room: string): string {
    return `${this.#server.wsUrl}/${room}`;
  }

  join(room: string, name: string): Person {
    const client = stockClient(this.#server.wsUrl, room);
    const drops: number[] = [];
    // `null` means the client closed the socket itself (its 30 s silence watchdog).
    client.provider.on('connection-close', (event) => drops.push(event?.code ?? -1));
    const person = { ...client, name, drops };
    this.#people.add(person);
    return person;
  }

  async joinSynced(room: string, name: string): Promise<Person> {
    const person = this.join(room, name);
    await waitFor(synced(person), `${name} synced`);
    return person;
  }

  leave(person: Person): void {
    person.destroy();
    this.#people.delete(person);
  }

  /** A bare socket in `room`, open and ready for hand-made frames. */
  async raw(room: string, options: WebSocket.ClientOptions = {}): Promise<RawSocket> {
    const socket = new RawSocket(this.roomUrl(room), options);
    this.#raws.add(socket);
    await socket.opened;
    return socket;
  }

  /** Everyone disconnects; resolves once the server has let go of every connection and room. */
  async leaveAll(): Promise<void> {
    this.#disconnectAll();
    await waitFor(
      () => this.#server.connectionCount() === 0 && this.#server.rooms.size === 0,
      'every connection gone and every room unloaded',
    );
  }

  /** A graceful stop and a new server on the same data folder, as a deploy would do. */
  async restart(): Promise<void> {
    await this.leaveAll();
    const dataDir = this.#server.dataDir;
    await this.#server.close();
    this.#server = await startTestServer(this.#env, this.#store, dataDir);
  }

  async stop(): Promise<void> {
    this.#disconnectAll();
    await this.#server.close();
    await this.#store?.close();
    await removeDir(this.#server.dataDir);
  }

  #disconnectAll(): void {
    for (const person of this.#people) person.destroy();
    this.#people.clear();
    for (const raw of this.#raws) raw.ws.terminate();
    this.#raws.clear();
  }
}

/** Rejects with `what` unless `promise` settles within `ms`: a deadline, not a sleep. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export const closeOf = (raw: RawSocket, ms = 2000): Promise<Closed> =>
  within(raw.closed, ms, 'the server to close the socket');

/** The TCP socket under a ws WebSocket. ws keeps it private; tests reach it to stall reading or bypass framing. */
interface WithTcpSocket {
  readonly _socket: Pick<Socket, 'pause' | 'resume' | 'write'>;
}
export const tcpSocketOf = (ws: WebSocket): WithTcpSocket['_socket'] =>
  // A cast through unknown: `_socket` is not part of ws's typings.
  (ws as unknown as WithTcpSocket)._socket;

export const STROKES = 'strokes';
export const strokesOf = (doc: Y.Doc): unknown[] => doc.getArray(STROKES).toJSON();

export interface Pair {
  readonly alice: Person;
  readonly bob: Person;
}

/** Alice and Bob share `room`, where Alice has already drawn `count` strokes that the server stored. */
export async function twoPeopleDrawing(relay: Relay, room: string, count = 10): Promise<Pair> {
  const alice = await relay.joinSynced(room, 'alice');
  const bob = await relay.joinSynced(room, 'bob');
  alice.doc.transact(() => {
    for (let i = 0; i < count; i++) alice.doc.getArray(STROKES).push([`before-${i}`]);
  });
  // The room stores an update before it broadcasts it: Bob seeing them means they are stored.
  await waitFor(
    () => bob.doc.getArray(STROKES).length === count,
    'bob sees the strokes drawn before',
  );
  return { alice, bob };
}

/**
 * After an attack: the pair keep syncing both ways without having lost their sockets, the server
 * answers HTTP, and a newcomer syncs everything. Returns the strokes the room now holds.
 */
export async function expectRoomStillServes(
  relay: Relay,
  room: string,
  { alice, bob }: Pair,
): Promise<unknown[]> {
  alice.doc.getArray(STROKES).push(['after-alice']);
  await waitFor(
    () => strokesOf(bob.doc).includes('after-alice'),
    'bob sees alice draw after the attack',
  );
  bob.doc.getArray(STROKES).push(['after-bob']);
  await waitFor(
    () => strokesOf(alice.doc).includes('after-bob'),
    'alice sees bob draw after the attack',
  );
  expect(alice.drops, 'alice never lost her socket').toEqual([]);
  expect(bob.drops, 'bob never lost his socket').toEqual([]);
  expect((await fetch(`${relay.server.url}/healthz`)).status).toBe(200);
  const carol = await relay.joinSynced(room, 'carol');
  const expected = strokesOf(alice.doc);
  expect(strokesOf(carol.doc)).toEqual(expected);
  return expected;
}

/** What the room held is there for a fresh client after the room unloads, and again after a restart. */
export async function expectStoredAcrossReloads(
  relay: Relay,
  room: string,
  expected: unknown[],
): Promise<void> {
  await relay.leaveAll();
  const afterUnload = await relay.joinSynced(room, 'dave');
  expect(strokesOf(afterUnload.doc), 'strokes after the room reloaded').toEqual(expected);
  await relay.restart();
  const afterRestart = await relay.joinSynced(room, 'erin');
  expect(strokesOf(afterRestart.doc), 'strokes after a restart').toEqual(expected);
}

/** /metrics as Prometheus would scrape it: from its own listener if any, with the token if set. */
export async function scrapeMetrics(server: TestServer): Promise<string> {
  const token = server.config.metricsToken;
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const response = await fetch(`${server.metricsUrl}/metrics`, { headers });
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  return response.text();
}

/** One sample of a Prometheus metric from /metrics, 0 when the series does not exist yet. */
export async function metricValue(
  server: TestServer,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const body = await scrapeMetrics(server);
  const pairs = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const series = pairs.length > 0 ? `${name}{${pairs.join(',')}}` : name;
  const line = body.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

export const closedFor = (server: TestServer, reason: string): Promise<number> =>
  metricValue(server, 'relay_connections_closed_total', { reason });

/** One hostile client's behaviour, named for the test title. */
export interface Attack {
  readonly name: string;
  readonly send: (raw: RawSocket) => void;
}

/** An attack of one hand-made binary frame. */
export const binaryAttack = (name: string, frame: Uint8Array | number[]): Attack => ({
  name,
  send: (raw) => raw.ws.send(Uint8Array.from(frame)),
});

/**
 * The story every hostile-input case tells: Alice and Bob draw in `room`, Mallory joins and
 * misbehaves, and is closed with `code` (counted under `label`); the pair carry on, the server
 * answers, and the drawing survives the room reloading and the server restarting.
 */
export async function expectSurvives(
  relay: Relay,
  room: string,
  attack: Attack,
  code: number,
  label: string,
): Promise<void> {
  const pair = await twoPeopleDrawing(relay, room);
  const mallory = await relay.raw(room);
  attack.send(mallory);
  expect((await closeOf(mallory)).code).toBe(code);
  const strokes = await expectRoomStillServes(relay, room, pair);
  await expect.poll(() => closedFor(relay.server, label)).toBe(1);
  await expectStoredAcrossReloads(relay, room, strokes);
}
