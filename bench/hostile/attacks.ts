/**
 * The attacks of the hardening issue (and the older ones: floods, oversized frames, slowloris),
 * each bounded in count and time, all against loopback. An attack reports what it sent, what
 * came back, and what the server answered it; the runner measures what it cost everyone else.
 */
import { encodeSyncUpdate } from '../../server/protocol/messages.ts';
import {
  QUERY_AWARENESS,
  awarenessFrame,
  bulkUpdate,
  deeplyNestedUpdate,
  emptyStep1,
  manyClientsUpdate,
  tinyUpdate,
  unknownClientStep1,
} from './frames.ts';
import { AttackerSocket, rawRequest, sleep } from './sockets.ts';

/** Scales every count and size (HOSTILE_SCALE=0.01 for the smoke test). */
const SCALE = Number(process.env.HOSTILE_SCALE ?? 1);
/** How long a sustained attack lasts. */
export const ATTACK_SECONDS = Number(process.env.HOSTILE_SECONDS ?? 5);
const scaled = (n: number, min = 1): number => Math.max(min, Math.round(n * SCALE));

export interface AttackContext {
  readonly port: number;
  roomUrl(room: string): string;
  /** The room holding the big board, seeded before the attack starts. */
  readonly bigRoom: string;
  /** Reads a number the attack wants in the table (the runner adds it under `extra`). */
  note(key: string, value: number | string): void;
  /** An honest stock client's view: joins `room`, stays `ms`, returns how often it was dropped. */
  honestStay(room: string, ms: number): Promise<number>;
  /** Whether an honest newcomer can still open a connection and sync. */
  honestCanJoin(room: string): Promise<boolean>;
  /** Median time for a tiny change to travel between two honest users of `room`. */
  roomLatencyMs(room: string): Promise<number>;
}

export interface AttackResult {
  readonly sent: number;
  readonly received: number;
  readonly answer: string;
}

export interface Attack {
  readonly name: string;
  readonly finding: string;
  readonly needsBigRoom?: boolean;
  /** Builds payloads; runs before any measurement starts. */
  prepare?(): void;
  run(ctx: AttackContext): Promise<AttackResult>;
}

async function settle(sockets: AttackerSocket[], ms = 2000): Promise<void> {
  await Promise.race([Promise.all(sockets.map((s) => s.closed)), sleep(ms)]);
}

function total(sockets: AttackerSocket[]): AttackResult {
  const answers = new Map<string, number>();
  for (const s of sockets) {
    const answer = s.answer ?? 'open';
    answers.set(answer, (answers.get(answer) ?? 0) + 1);
  }
  return {
    sent: sockets.reduce((n, s) => n + s.sent, 0),
    received: sockets.reduce((n, s) => n + s.received, 0),
    answer: [...answers].map(([a, n]) => (sockets.length > 1 ? `${n}× ${a}` : a)).join(', '),
  };
}

/** One socket sends `frames` in one burst, then waits for the server's verdict or quiet. */
function burst(
  name: string,
  finding: string,
  frames: () => Uint8Array[],
  options: { bigRoom?: boolean } = {},
): Attack {
  let built: Uint8Array[] = [];
  return {
    name,
    finding,
    needsBigRoom: options.bigRoom,
    prepare: () => void (built = frames()),
    async run(ctx) {
      const socket = new AttackerSocket(ctx.roomUrl(options.bigRoom ? ctx.bigRoom : 'attacked'));
      if (!(await socket.opened)) return total([socket]);
      for (const frame of built) socket.send(frame);
      await settle([socket], ATTACK_SECONDS * 1000);
      const result = total([socket]);
      socket.terminate();
      return result;
    },
  };
}

const request = (target: string, headers: string[] = []): string =>
  [`GET ${target} HTTP/1.1`, 'Host: localhost', ...headers, '', ''].join('\r\n');

function http(name: string, finding: string, requests: string[]): Attack {
  return {
    name,
    finding,
    async run(ctx) {
      const answers: string[] = [];
      for (const text of requests) answers.push(await rawRequest(ctx.port, text));
      return {
        sent: requests.reduce((n, r) => n + r.length, 0),
        received: 0,
        answer: [...new Set(answers)].join(', '),
      };
    },
  };
}

const UPGRADE = [
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Version: 13',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
];

export const ATTACKS: Attack[] = [
  http('request target that is no URL', '1', [
    request('http://['),
    request('http://a:99999/'),
    request('http://%zz/', UPGRADE),
  ]),
  http('Range start past its end', '2', [
    request('/assets/app.js', ['Range: bytes=5-1']),
    request('/assets/app.js', ['Range: bytes=0-9007199254740993']),
  ]),
  burst('presence nested 5,000 deep', '3', () => [
    awarenessFrame([[4242, '['.repeat(5000) + ']'.repeat(5000)]]),
  ]),
  burst('presence naming 80,000 clients', '4', () => [
    awarenessFrame(Array.from({ length: scaled(80_000) }, (_, i) => [i + 1, '{}'] as const)),
  ]),
  burst(
    '300 step 1 naming an unknown client',
    '8',
    () => Array.from({ length: 300 }, unknownClientStep1),
    { bigRoom: true },
  ),
  burst(
    '300 step 1 with an empty state vector',
    '8',
    () => Array.from({ length: 300 }, emptyStep1),
    {
      bigRoom: true,
    },
  ),
  {
    name: '3,000 query-awareness beside big presence',
    finding: '8',
    needsBigRoom: true,
    async run(ctx) {
      const holders = Array.from({ length: 6 }, () => new AttackerSocket(ctx.roomUrl(ctx.bigRoom)));
      await Promise.all(holders.map((h) => h.opened));
      holders.forEach((h, i) =>
        h.send(awarenessFrame([[7000 + i, JSON.stringify({ pad: 'p'.repeat(6000) })]])),
      );
      await sleep(200);
      const asker = new AttackerSocket(ctx.roomUrl(ctx.bigRoom));
      if (await asker.opened) for (let i = 0; i < 3000; i++) asker.send(QUERY_AWARENESS);
      await settle([asker], ATTACK_SECONDS * 1000);
      const all = [asker, ...holders];
      const result = total([asker]);
      for (const s of all) s.terminate();
      return result;
    },
  },
  (() => {
    let update: Uint8Array = new Uint8Array();
    return {
      name: 'update introducing 200,000 client ids',
      finding: '9',
      prepare: () => void (update = manyClientsUpdate(scaled(200_000))),
      async run(ctx) {
        const socket = new AttackerSocket(ctx.roomUrl('attacked'));
        if (await socket.opened) socket.send(update);
        await settle([socket], ATTACK_SECONDS * 1000);
        socket.terminate();
        ctx.note(
          'ordinary update in that room afterwards (ms)',
          await ctx.roomLatencyMs('attacked'),
        );
        return total([socket]);
      },
    } satisfies Attack;
  })(),
  {
    name: 'connect, one tiny update, leave, repeated (big room)',
    finding: '10',
    needsBigRoom: true,
    async run(ctx) {
      const sockets: AttackerSocket[] = [];
      const end = Date.now() + ATTACK_SECONDS * 1000;
      let i = 0;
      while (Date.now() < end && i < scaled(2000, 5)) {
        const socket = new AttackerSocket(ctx.roomUrl(ctx.bigRoom));
        sockets.push(socket);
        if (await socket.opened) {
          socket.send(tinyUpdate(`churn-${i++}`));
          await sleep(20);
        }
        socket.ws.close();
        await Promise.race([socket.closed, sleep(1000)]);
      }
      ctx.note('cycles', i);
      // Each socket left by itself (1005): what counts here is what the churn cost the server.
      return { ...total(sockets), answer: 'left by itself' };
    },
  },
  (() => {
    const frames: Uint8Array[] = [];
    return {
      name: 'one room grown with 4 MiB updates',
      finding: '11',
      prepare() {
        for (let i = 0; i < scaled(24, 2); i++) frames.push(bulkUpdate(4 * 1024 * 1024 - 256, i));
      },
      async run(ctx) {
        const sockets: AttackerSocket[] = [];
        for (const frame of frames) {
          const socket = new AttackerSocket(ctx.roomUrl('attacked'));
          sockets.push(socket);
          if (!(await socket.opened)) continue;
          socket.send(frame);
          await sleep(300);
          socket.ws.close();
        }
        await settle(sockets);
        return total(sockets);
      },
    } satisfies Attack;
  })(),
  {
    name: '2,000 idle connections from one address',
    finding: '12',
    async run(ctx) {
      const sockets: AttackerSocket[] = [];
      const end = Date.now() + ATTACK_SECONDS * 1000;
      for (let i = 0; i < scaled(2000, 10) && Date.now() < end; i += 50) {
        const wave = Array.from(
          { length: 50 },
          (_, j) => new AttackerSocket(ctx.roomUrl(`flood-${(i + j) % 20}`)),
        );
        sockets.push(...wave);
        await Promise.all(wave.map((s) => s.opened));
      }
      ctx.note('honest newcomer joins', String(await ctx.honestCanJoin('flood-0')));
      const result = total(sockets);
      for (const s of sockets) s.terminate();
      return result;
    },
  },
  {
    name: '30 sockets that never read, asking for the big room',
    finding: '13',
    needsBigRoom: true,
    async run(ctx) {
      const sockets = Array.from(
        { length: 30 },
        () => new AttackerSocket(ctx.roomUrl(ctx.bigRoom), { read: false }),
      );
      await Promise.all(sockets.map((s) => s.opened));
      const end = Date.now() + ATTACK_SECONDS * 1000;
      while (Date.now() < end) {
        for (const s of sockets) for (let k = 0; k < 5; k++) s.send(emptyStep1());
        await sleep(500);
      }
      const result = total(sockets);
      for (const s of sockets) s.terminate();
      return result;
    },
  },
  {
    name: 'new rooms as fast as one client can',
    finding: '14',
    async run(ctx) {
      const sockets: AttackerSocket[] = [];
      const end = Date.now() + ATTACK_SECONDS * 1000;
      let room = 0;
      while (Date.now() < end && room < scaled(20_000, 20)) {
        const wave = Array.from(
          { length: 20 },
          () => new AttackerSocket(ctx.roomUrl(`spam-${room++}`)),
        );
        const opened = await Promise.all(wave.map((s) => s.opened));
        wave.forEach((s, i) => opened[i] && s.send(tinyUpdate('spam')));
        await sleep(10);
        for (const s of wave) s.ws.close();
        sockets.push(...wave);
      }
      ctx.note('rooms tried', room);
      const refused = sockets.filter((s) => s.answer?.startsWith('HTTP')).length;
      return { ...total(sockets), answer: `${refused} of ${sockets.length} refused` };
    },
  },
  {
    name: 'five writers at ~2 MB/s each beside an honest pair',
    finding: '16',
    async run(ctx) {
      const drops = ctx.honestStay('busy', ATTACK_SECONDS * 1000 + 1000);
      await sleep(500);
      const writers = Array.from({ length: 5 }, () => new AttackerSocket(ctx.roomUrl('busy')));
      await Promise.all(writers.map((w) => w.opened));
      const end = Date.now() + ATTACK_SECONDS * 1000;
      let seed = 10_000;
      while (Date.now() < end) {
        for (const w of writers) w.send(bulkUpdate(200_000, seed++));
        await sleep(100);
      }
      ctx.note('honest drops', await drops);
      const result = total(writers);
      for (const w of writers) w.terminate();
      return result;
    },
  },
  burst('update nesting Yjs types 16,000 deep', '17', () => [deeplyNestedUpdate(scaled(16_000))]),
  {
    name: 'two 3 MB presence states, then an honest joiner',
    finding: '18',
    async run(ctx) {
      const holders = [1, 2].map(() => new AttackerSocket(ctx.roomUrl('lobby')));
      await Promise.all(holders.map((h) => h.opened));
      holders.forEach((h, i) =>
        h.send(
          awarenessFrame([[9000 + i, JSON.stringify({ pad: 'q'.repeat(scaled(3_000_000)) })]]),
        ),
      );
      await sleep(500);
      ctx.note('honest joiner drops', await ctx.honestStay('lobby', ATTACK_SECONDS * 1000));
      const result = total(holders);
      for (const h of holders) h.terminate();
      return result;
    },
  },
  burst('one frame of 5 MiB', 'old', () => [encodeSyncUpdate(new Uint8Array(5 * 1024 * 1024))]),
  burst('100,000 presence renewals at once', 'old', () =>
    Array.from({ length: scaled(100_000) }, (_, i) => awarenessFrame([[31337, '{}']], i + 1)),
  ),
  {
    name: 'slowloris: 200 requests sending a header byte every 500 ms',
    finding: 'old',
    async run(ctx) {
      const { connect } = await import('node:net');
      const sockets = Array.from({ length: scaled(200, 5) }, () =>
        connect({ port: ctx.port, host: '127.0.0.1', localAddress: '127.0.0.2' }),
      );
      for (const s of sockets) {
        s.on('error', () => undefined);
        s.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
      }
      const end = Date.now() + ATTACK_SECONDS * 1000;
      let sent = 0;
      while (Date.now() < end) {
        for (const s of sockets) {
          if (s.destroyed) continue;
          s.write('a');
          sent++;
        }
        await sleep(500);
      }
      ctx.note('honest newcomer joins', String(await ctx.honestCanJoin('after-slowloris')));
      const open = sockets.filter((s) => !s.destroyed).length;
      for (const s of sockets) s.destroy();
      return { sent, received: 0, answer: `${open} of ${sockets.length} still open` };
    },
  },
];
