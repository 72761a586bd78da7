/**
 * What one client's requests for answers cost everyone else (issue 9, finding 8). Our relay runs
 * in its own process with the default limits; a board of 10,000 strokes, built as the app builds
 * them (board-fixture.ts), is stored in one room. One attacker there then sends, in one burst,
 * 300 sync step 1s naming a client the room has never seen (8 bytes each; the relay used to
 * re-encode the whole room for each), 300 with an empty state vector, or 300 query-awareness
 * messages, while a user alone in another room pings the relay with presence changes and times
 * each echo. Prints, for each attack: how many answers the attacker got, how it was closed, the
 * worst echo time in the other room and the relay's worst event-loop delay. Numbers, not
 * assertions: run with `node --import tsx bench/relay/answer-burst.ts` (about a minute).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as encoding from 'lib0/encoding';
import {
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
} from '../../server/protocol/messages.ts';
import { RawSocket } from '../../server/test-support/raw-socket.ts';
import { cachedBoard } from '../board/board-fixture.ts';
import { removeDataDir, startBenchServer, type BenchServer } from './servers.ts';

const STROKES = Number(process.env.BURST_STROKES ?? 10_000);
const BURST = Number(process.env.BURST_MESSAGES ?? 300);
/** How long an attack may run before it is cut short, if the relay is still answering. */
const ATTACK_TIMEOUT_MS = 60_000;

/** The relay's own defaults: the bench servers otherwise lift the per-connection limits. */
const DEFAULT_LIMITS = {
  RATE_LIMIT_PER_SECOND: '1000',
  RATE_LIMIT_BURST: '5000',
  RATE_LIMIT_BYTES_PER_SECOND: String(8 * 1024 * 1024),
  MAX_CONNECTIONS_PER_ROOM: '500',
  LOG_LEVEL: 'silent',
};

function stateVector(entries: readonly (readonly [number, number])[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const [client, clock] of entries) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
  }
  return encoding.toUint8Array(encoder);
}

function presenceFrame(clientId: number, clock: number, json: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, clientId);
  encoding.writeVarUint(encoder, clock);
  encoding.writeVarString(encoder, json);
  return encodeAwareness(encoding.toUint8Array(encoder));
}

interface Attack {
  readonly name: string;
  readonly frame: Uint8Array;
}

const ATTACKS: readonly Attack[] = [
  {
    name: 'step 1 naming an unknown client',
    frame: encodeSyncStep1(stateVector([[987654321, 5]])),
  },
  { name: 'step 1 with an empty state vector', frame: encodeSyncStep1(stateVector([])) },
  { name: 'query-awareness', frame: Uint8Array.of(3) },
];

/** A user alone in another room: changes its presence, waits for the echo, repeats. */
class Pinger {
  readonly #socket: RawSocket;
  #clock = 0;
  #sentAt = 0;
  #worstMs = 0;
  #echoes = 0;
  #running = true;
  #timer: NodeJS.Timeout | null = null;

  constructor(socket: RawSocket) {
    this.#socket = socket;
    socket.ws.on('message', () => {
      this.#worstMs = Math.max(this.#worstMs, performance.now() - this.#sentAt);
      this.#echoes++;
      if (this.#running) this.#timer = setTimeout(() => this.#ping(), 5);
    });
    this.#ping();
  }

  #ping(): void {
    this.#clock++;
    this.#sentAt = performance.now();
    this.#socket.ws.send(presenceFrame(4242, this.#clock, JSON.stringify({ n: this.#clock })));
  }

  /** Starts a new window; the worst echo time seen in it so far, including one still awaited. */
  reset(): void {
    this.#worstMs = 0;
    this.#echoes = 0;
  }

  worstMs(): number {
    return Math.max(this.#worstMs, performance.now() - this.#sentAt);
  }

  get echoes(): number {
    return this.#echoes;
  }

  stop(): void {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#socket.ws.close();
  }
}

async function seed(server: BenchServer, update: Uint8Array): Promise<void> {
  const writer = await RawSocket.open(`${server.serverUrl}/big`);
  const stored = new Promise<void>((resolve) => {
    // The room echoes a stored update to its sender as a sync update: [0, 2, …].
    writer.ws.on('message', (data: Buffer) => {
      if (data[0] === 0 && data[1] === 2) resolve();
    });
  });
  writer.ws.send(encodeSyncStep2(update));
  await stored;
  writer.ws.close();
}

/** Fills the room's presence as far as the relay lets it: 8 states of 8,000 bytes a socket. */
async function fillPresence(server: BenchServer, sockets: number): Promise<RawSocket[]> {
  const held: RawSocket[] = [];
  const filler = 'x'.repeat(8000 - 20);
  for (let s = 0; s < sockets; s++) {
    const socket = await RawSocket.open(`${server.serverUrl}/big`);
    held.push(socket);
    for (let i = 0; i < 8; i++) {
      socket.ws.send(presenceFrame(1_000_000 + s * 8 + i, 1, JSON.stringify({ f: filler })));
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  return held;
}

interface Outcome {
  readonly attack: string;
  readonly answers: number;
  readonly bytesOut: number;
  readonly closed: string;
  readonly seconds: number;
  readonly otherRoomWorstEchoMs: number;
  readonly eventLoopMaxMs: number;
}

async function run(server: BenchServer, pinger: Pinger, attack: Attack): Promise<Outcome> {
  const attacker = await RawSocket.open(`${server.serverUrl}/big`);
  // Let the join's own sync and presence frames arrive before counting.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const before = attacker.received.length;
  let bytesOut = 0;
  attacker.ws.on('message', (data: Buffer) => (bytesOut += data.byteLength));
  server.resetEventLoop();
  pinger.reset();
  const started = performance.now();
  for (let i = 0; i < BURST; i++) attacker.ws.send(attack.frame);
  let check: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;
  const answered = new Promise<string>((resolve) => {
    check = setInterval(() => {
      if (attacker.received.length - before >= BURST) resolve('answered every one');
    }, 10);
  });
  const timeout = new Promise<string>((resolve) => {
    deadline = setTimeout(() => resolve('still open'), ATTACK_TIMEOUT_MS);
  });
  const closed = await Promise.race([
    attacker.closed.then(({ code, reason }) => `${code} ${reason}`),
    answered,
    timeout,
  ]);
  clearInterval(check);
  clearTimeout(deadline);
  const seconds = (performance.now() - started) / 1000;
  // One more echo in the other room shows it is served again; its wait counts too.
  const echoes = pinger.echoes;
  while (pinger.echoes === echoes) await new Promise((resolve) => setTimeout(resolve, 10));
  const outcome: Outcome = {
    attack: attack.name,
    answers: attacker.received.length - before,
    bytesOut,
    closed,
    seconds: Math.round(seconds * 100) / 100,
    otherRoomWorstEchoMs: Math.round(pinger.worstMs()),
    eventLoopMaxMs: Math.round(await server.eventLoopMaxMs()),
  };
  attacker.ws.terminate();
  return outcome;
}

async function main(): Promise<void> {
  const cache = await mkdtemp(join(tmpdir(), 'answer-burst-'));
  const { fixture } = await cachedBoard(STROKES, cache);
  console.log(`board: ${STROKES} strokes, ${fixture.update.byteLength} bytes`);
  const server = await startBenchServer('ours', { env: DEFAULT_LIMITS });
  try {
    await seed(server, fixture.update);
    const presence = await fillPresence(server, 30);
    const pinger = new Pinger(await RawSocket.open(`${server.serverUrl}/other`));
    const outcomes: Outcome[] = [];
    for (const attack of ATTACKS) outcomes.push(await run(server, pinger, attack));
    pinger.stop();
    for (const socket of presence) socket.ws.terminate();
    console.table(outcomes);
  } finally {
    await server.stop();
    await removeDataDir(server);
    await rm(cache, { recursive: true, force: true });
  }
}

await main();
