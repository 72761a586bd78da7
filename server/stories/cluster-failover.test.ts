import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { stockClient, synced, waitFor, type StockClient } from '../test-support/clients.ts';
import {
  connectionsOf,
  startCluster,
  type RedisTopology,
  type RelayCluster,
} from '../test-support/cluster.ts';
import { recordingClient, type RecordingClient } from '../test-support/echo-recorder.ts';

/**
 * Several relays on Redis behind nginx (deploy/nginx.conf), every part a real process: people
 * keep drawing while an instance, or Redis itself, dies with kill -9. What a writer saw echoed
 * (stored) before the crash is in the room afterwards, on every instance and after a full
 * restart, and the writers whose instance died reconnect through nginx and carry on.
 */

const WRITERS = 6;
/** Long enough for every writer to write through a crash and a reconnection. */
const RECOVERY_MS = 30_000;

let cluster: RelayCluster | undefined;
const clients: StockClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await cluster?.stop();
  cluster = undefined;
});

const notes = (doc: Y.Doc) => doc.getArray<string>('notes');

function writers(wsUrl: string, room: string): RecordingClient[] {
  return Array.from({ length: WRITERS }, () => {
    const writer = recordingClient(wsUrl, room);
    clients.push(writer);
    return writer;
  });
}

function reader(wsUrl: string, room: string): StockClient {
  const client = stockClient(wsUrl, room);
  clients.push(client);
  return client;
}

/** The last warnings and errors each relay logged, and how many lines it logged in all. */
function relaysSaid(): string {
  return (cluster?.relays ?? [])
    .map((relay, i) => {
      const loud = relay.logs.filter((r) => typeof r.level === 'number' && r.level >= 40);
      const last = loud.slice(-8).map((r) => `  ${JSON.stringify(r).slice(0, 300)}`);
      return [`relay ${i} (${relay.logs.length} lines, ${loud.length} warnings):`, ...last].join(
        '\n',
      );
    })
    .join('\n');
}

/** Each writer adds a note every few milliseconds, named by writer and count, until stopped. */
function keepWriting(all: readonly RecordingClient[]): () => void {
  const timers = all.map((writer, w) => {
    let n = 0;
    return setInterval(() => notes(writer.doc).push([`w${w}-${n++}`]), 5);
  });
  return () => timers.forEach((timer) => clearInterval(timer));
}

/** The notes a writer saw stored. */
const storedFor = (writer: RecordingClient) => [...writer.echoedValues].map(String);

/** Every note each writer saw stored, as one set. */
const acknowledged = (all: readonly RecordingClient[]) => new Set(all.flatMap(storedFor));

/** The notes acknowledged and missing from `doc`; empty when nothing acknowledged was lost. */
const lostFrom = (doc: Y.Doc, expected: ReadonlySet<string>) => {
  const held = new Set(notes(doc).toArray());
  return [...expected].filter((note) => !held.has(note));
};

/** How many of its own notes writer `w` has seen stored. */
const ownStored = (writer: RecordingClient, w: number) =>
  storedFor(writer).filter((note) => note.startsWith(`w${w}-`)).length;

/** Waits until every writer has seen 20 more of its own notes stored than it had now. */
async function carryOn(all: readonly RecordingClient[], what: string) {
  const now = all.map(ownStored);
  const state = () =>
    all
      .map(
        (writer, w) =>
          `w${w}: connected ${writer.provider.wsconnected}, synced ${writer.provider.synced}, ` +
          `own stored ${now[w]} -> ${ownStored(writer, w)}, written ${notes(writer.doc).length}`,
      )
      .join('\n');
  await waitFor(
    () => all.every((writer, w) => ownStored(writer, w) >= now[w]! + 20),
    what,
    RECOVERY_MS,
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}
${state()}`);
  });
}

/** Every writer connected, synced, and holding what every other one wrote (same state). */
async function converged(all: readonly RecordingClient[], what: string) {
  await waitFor(
    () =>
      all.every((w) => w.provider.wsconnected && w.provider.synced) &&
      all.every((w) => notes(w.doc).length === notes(all[0]!.doc).length),
    what,
    RECOVERY_MS,
  );
}

/** A fresh client on `wsUrl` holds everything acknowledged. */
async function holdsEverything(wsUrl: string, room: string, expected: ReadonlySet<string>) {
  const fresh = reader(wsUrl, room);
  await waitFor(synced(fresh), `a fresh client on ${wsUrl} synced`, RECOVERY_MS).catch(
    (error: unknown) => {
      // Rare (one run in six or so, after a full restart behind nginx): say what the relays did.
      throw new Error(`${String(error)}
${relaysSaid()}`);
    },
  );
  await waitFor(
    () => lostFrom(fresh.doc, expected).length === 0,
    `everything acknowledged reaching ${wsUrl}`,
    RECOVERY_MS,
  ).catch(() => undefined);
  expect(lostFrom(fresh.doc, expected), `acknowledged notes lost on ${wsUrl}`).toEqual([]);
}

/**
 * These stories start Redis (or a Cluster), three relay processes and nginx, and kill them: minutes
 * on a loaded 2-core machine. They run with `npm run test:failover` (WB_FAILOVER_STORIES=1), not
 * in `npm test`, whose budget is ~15 minutes.
 */
const failover = process.env.WB_FAILOVER_STORIES === '1';

const topologies: [string, RedisTopology][] = [
  ['one Redis (AOF always)', { kind: 'single', appendfsync: 'always' }],
  ['a three-master Redis Cluster', { kind: 'cluster' }],
];

describe.skipIf(!failover).each(topologies)('three relays behind nginx on %s', (_name, redis) => {
  it('loses nothing acknowledged when an instance is killed mid-writes; its writers carry on through nginx, its cursors vanish', async () => {
    cluster = await startCluster({ redis });
    const room = 'failover';
    const all = writers(cluster.nginx.wsUrl, room);
    await waitFor(() => all.every((w) => w.provider.synced), 'every writer synced');
    // Round robin spread the writers: the instance about to die serves some of them.
    const spread = await Promise.all(cluster.relays.map(connectionsOf));
    expect(
      spread.every((connections) => connections > 0),
      `spread ${spread}`,
    ).toBe(true);

    // Someone on the instance about to die, straight to it (not through nginx, so it cannot
    // come back elsewhere), with a cursor the others see.
    const ghost = reader(cluster.relays[0]!.wsUrl, room);
    const watcher = reader(cluster.relays[1]!.wsUrl, room);
    ghost.provider.awareness.setLocalStateField('cursor', { x: 1, y: 2 });
    const ghostShows = () => watcher.provider.awareness.getStates().has(ghost.doc.clientID);
    await waitFor(ghostShows, "the ghost's cursor on another instance");

    const stop = keepWriting(all);
    await waitFor(() => acknowledged(all).size > 200, 'some writes acknowledged');
    await cluster.killRelay(0);
    const beforeKill = acknowledged(all);
    // Its cursor goes with its instance: well before y-websocket's own 30 s presence timeout
    // would remove it, so it is the relays that did.
    await waitFor(() => !ghostShows(), "the ghost's cursor gone with its instance", 15_000);
    // The writers of the dead instance reconnect through nginx and write on: every writer
    // sees more of its own notes stored than it had at the kill.
    await carryOn(all, 'every writer storing again after the instance died');
    stop();
    await converged(all, 'every writer holding the same notes');
    const everything = acknowledged(all);
    for (const w of all) expect(lostFrom(w.doc, beforeKill)).toEqual([]);

    for (const relay of cluster.relays.slice(1)) {
      await holdsEverything(relay.wsUrl, room, everything);
    }
    await cluster.restartAllRelays();
    await holdsEverything(cluster.nginx.wsUrl, room, everything);
    for (const relay of cluster.relays) await holdsEverything(relay.wsUrl, room, everything);
  }, 240_000);
});

describe.skipIf(!failover)('three relays behind nginx on one Redis with AOF always', () => {
  it('loses nothing acknowledged when Redis is killed mid-writes, and the writers resume once it is back', async () => {
    cluster = await startCluster({ redis: { kind: 'single', appendfsync: 'always' } });
    const room = 'redis-crash';
    const all = writers(cluster.nginx.wsUrl, room);
    await waitFor(() => all.every((w) => w.provider.synced), 'every writer synced');

    const stop = keepWriting(all);
    await waitFor(() => acknowledged(all).size > 200, 'some writes acknowledged');
    await cluster.killRedis();
    const beforeKill = acknowledged(all);
    await cluster.restartRedis();
    await carryOn(all, 'every writer storing again after Redis came back');
    stop();
    await converged(all, 'every writer holding the same notes');
    const everything = acknowledged(all);
    for (const w of all) expect(lostFrom(w.doc, beforeKill)).toEqual([]);

    for (const relay of cluster.relays) await holdsEverything(relay.wsUrl, room, everything);
    await cluster.restartAllRelays();
    await holdsEverything(cluster.nginx.wsUrl, room, everything);
  }, 240_000);
});
