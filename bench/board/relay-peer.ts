/**
 * The Node side of the benchmark's room: a y-websocket client that uploads a generated board,
 * loads it back as a newcomer would, and draws into it as a remote peer.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { Vec } from '../../web/src/model/geometry.ts';
import {
  listElements,
  readElement,
  setTransforms,
  transformPatchFor,
  type TransformPatch,
} from '../../web/src/model/elements.ts';
import { strokesMap } from '../../web/src/model/schema.ts';
import { translation } from '../../web/src/model/transform.ts';
import { appendPoints, beginStroke, finishStroke } from '../../web/src/model/strokes.ts';
import { penTrace } from '../../web/src/model/test-support/pen-trace.ts';
import { seededRandom } from '../../web/src/model/test-support/seeded-random.ts';

const SYNC_TIMEOUT_MS = 120_000;

export interface Peer {
  readonly doc: Y.Doc;
  leave(): void;
}

/** Joins `room` on the relay at `baseUrl` and resolves once the relay has sent its state. */
async function joinRoom(baseUrl: string, room: string, doc = new Y.Doc()): Promise<Peer> {
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}/ws`, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  const leave = () => {
    provider.destroy();
    doc.destroy();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`room ${room} did not sync in ${SYNC_TIMEOUT_MS / 1000} s`)),
        SYNC_TIMEOUT_MS,
      );
      provider.once('sync', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  } catch (error) {
    leave();
    throw error;
  }
  return { doc, leave };
}

/**
 * Hands a whole board to the relay. Being synced does not mean the relay has the board: the
 * client sends its state in answer to the relay's sync step, after the relay has sent its own.
 * So the uploader stays in the room until `loader` (a fresh client, joined after it) has
 * received every stroke, then leaves.
 */
export async function uploadBoard(
  baseUrl: string,
  room: string,
  update: Uint8Array,
  strokes: number,
): Promise<Peer> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const uploader = await joinRoom(baseUrl, room, doc);
  try {
    const loader = await joinRoom(baseUrl, room);
    await untilStrokes(loader.doc, strokes);
    return loader;
  } finally {
    uploader.leave();
  }
}

async function untilStrokes(doc: Y.Doc, count: number): Promise<void> {
  const strokes = strokesMap(doc);
  if (strokes.size >= count) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      doc.off('update', check);
      reject(new Error(`the relay gave back ${strokes.size} of ${count} strokes`));
    }, SYNC_TIMEOUT_MS);
    const check = () => {
      if (strokes.size < count) return;
      clearTimeout(timer);
      doc.off('update', check);
      resolve();
    };
    doc.on('update', check);
  });
}

export interface PenOptions {
  /** Where to draw, in world units: the middle of what the page shows. */
  readonly center: Vec;
  /** The page's zoom: strokes are drawn at a hand's speed and a pen's width on its screen. */
  readonly zoom: number;
  readonly strokes: number;
  /** Pointer-move batches per stroke, one every 1/30 s: 30 is a one-second stroke. */
  readonly batches: number;
  readonly seed: number;
}

const BATCH_INTERVAL_MS = 1000 / 30;
/** 120 Hz pen samples sent in 30 Hz batches. */
const POINTS_PER_BATCH = 4;
const PAUSE_BETWEEN_STROKES_MS = 300;

/**
 * Draws like a person on another device: begins a stroke, appends a batch of points every
 * 1/30 s, finishes it (which compacts it), pauses, draws the next. Batches are scheduled on a
 * fixed clock, so a slow relay or page shows up as latency rather than as a slower pen.
 */
export async function drawAsRemotePeer(doc: Y.Doc, options: PenOptions): Promise<void> {
  const random = seededRandom(options.seed);
  const origin = { remote: 'bench pen' };
  for (let s = 0; s < options.strokes; s++) {
    const count = (options.batches + 1) * POINTS_PER_BATCH;
    const spread = 150 / options.zoom;
    const start = {
      x: options.center.x + (random() - 0.5) * spread,
      y: options.center.y + (random() - 0.5) * spread,
    };
    const trace = penTrace(random, count, {
      start,
      minSpeed: 150 / options.zoom,
      maxSpeed: 900 / options.zoom,
    });
    const id = `remote-${options.seed}-${s}`;
    const width = 4 / options.zoom;
    const firstPoints = trace.slice(0, POINTS_PER_BATCH);
    beginStroke(doc, { id, color: '#e03131', width, author: 'bench-pen', firstPoints }, origin);
    const began = performance.now();
    for (let b = 1; b <= options.batches; b++) {
      await sleepUntil(began + b * BATCH_INTERVAL_MS);
      const batch = trace.slice(b * POINTS_PER_BATCH, (b + 1) * POINTS_PER_BATCH);
      appendPoints(doc, id, batch, origin);
    }
    await sleepUntil(began + (options.batches + 1) * BATCH_INTERVAL_MS);
    finishStroke(doc, id, origin);
    await sleep(PAUSE_BETWEEN_STROKES_MS);
  }
}

export interface MoveOptions {
  /** The elements nearest this world point are moved: the middle of what the page shows. */
  readonly center: Vec;
  readonly count: number;
  /** Writes, one every 1/30 s, each moving every element by `step` world units. */
  readonly ticks: number;
  readonly step: Vec;
}

/**
 * Moves `count` elements together as a person on another device dragging a selection does:
 * one transaction of transform fields every 1/30 s (the select tool's write rate), on a fixed
 * clock. Resolves with how many elements it moved.
 */
/** What a remote move did: how many elements it moved, and one of them to look for on the page. */
export interface RemoteMove {
  readonly count: number;
  /** The last moved element and where the peer put it (its box's left edge). */
  readonly probe: { readonly id: string; readonly minX: number } | null;
}

export async function moveAsRemotePeer(doc: Y.Doc, options: MoveOptions): Promise<RemoteMove> {
  const distance = (v: { bounds: { minX: number; minY: number; maxX: number; maxY: number } }) =>
    Math.hypot(
      (v.bounds.minX + v.bounds.maxX) / 2 - options.center.x,
      (v.bounds.minY + v.bounds.maxY) / 2 - options.center.y,
    );
  const views = listElements(doc)
    .map((view) => ({ view, d: distance(view) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, options.count)
    .map(({ view }) => view);
  const origin = { remote: 'bench mover' };
  const began = performance.now();
  for (let t = 1; t <= options.ticks; t++) {
    await sleepUntil(began + t * BATCH_INTERVAL_MS);
    const m = translation(options.step.x * t, options.step.y * t);
    const changes = new Map<string, TransformPatch>();
    for (const view of views) changes.set(view.id, transformPatchFor(view, m));
    setTransforms(doc, changes, origin);
  }
  const last = views.at(-1);
  const moved = last ? readElement(doc, last.id) : null;
  return {
    count: views.length,
    probe: last && moved ? { id: last.id, minX: moved.bounds?.minX ?? NaN } : null,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sleepUntil = (time: number) => sleep(Math.max(0, time - performance.now()));

/**
 * Waits until the relay has answered /healthz promptly (within 20 ms) for a whole second: done
 * storing and compacting what was just uploaded. A 50,000-stroke upload kept its event loop
 * busy for 5–6 s at a time, about 13 s in all; a page opened meanwhile waited seconds for its
 * HTML, which would be counted as the page's own time. Resolves with how long it waited.
 */
export async function untilRelayIdle(baseUrl: string, timeoutMs = 120_000): Promise<number> {
  const began = performance.now();
  let quietSince = performance.now();
  for (;;) {
    const asked = performance.now();
    if (asked - began > timeoutMs) throw new Error(`the relay stayed busy for ${timeoutMs} ms`);
    // A reset connection (seen once under load) counts as busy, not as the end of the run.
    const answer = await fetch(`${baseUrl}/healthz`).then(
      (response) => response.arrayBuffer().then(() => true),
      (error: unknown) => {
        console.error(`  /healthz failed, still waiting: ${String(error)}`);
        return false;
      },
    );
    const answered = performance.now();
    if (!answer || answered - asked > 20) quietSince = answered;
    else if (answered - quietSince >= 1000) return answered - began;
    await sleep(50);
  }
}
