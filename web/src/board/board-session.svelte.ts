/**
 * One open board: its document and link to the relay, presence, the strokes cache, the camera,
 * the tools and the renderer, wired to one another. Board.svelte builds one per room and shows
 * it; everything here runs without a DOM, so unit tests drive a session over an in-memory relay.
 *
 *   link (Connection) ── doc ──► StrokeCache ──► BoardRenderer ◄── camera, theme, input
 *         └── awareness ──► Presence ──► cursors (a decoration on the live layer)
 *   pointer ──► BoardInput ──► doc (this page's origin, so History undoes exactly these)
 */
import { untrack } from 'svelte';
import { createSubscriber } from 'svelte/reactivity';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { BoardRenderer, type Decoration } from '../canvas/board-renderer.ts';
import { CanvasColors } from '../canvas/canvas-colors.ts';
import { Camera } from '../canvas/camera.svelte.ts';
import type { AnimationFrames } from '../canvas/frame-loop.ts';
import { StrokeCache, type LoadProgress } from '../canvas/stroke-cache.ts';
import { POINT_STRIDE } from '../model/points-codec.ts';
import { warnOncePerProblem } from '../model/problem-warnings.ts';
import { drawCursors, Presence, type PresenceOptions } from '../presence/index.ts';
import type { SaveState } from '../sync/save-state.ts';
import type { ConnectionStatus } from '../sync/status.ts';
import { BoardInput } from '../tools/board-input.svelte.ts';
import { History } from '../tools/history.svelte.ts';
import { INK, inkFor, type BoardTheme } from '../tools/palette.ts';
import type { Size, Viewport } from '../model/viewport.ts';
import { sharedViewOf, viewportShowing } from '../presence/follow.ts';
import { drawSelections } from '../tools/select/draw-selection.ts';
import { ElementIndex } from '../tools/select/element-index.ts';
import { SelectTool } from '../tools/select/select-tool.svelte.ts';
import { TextEditing } from '../tools/text-editing.svelte.ts';
import { randomStrokeId } from '../tools/pen.ts';
import { ToolSettings } from '../tools/settings.svelte.ts';
import { browserTimers } from '../timing/timers.ts';
import type { WhiteboardTestHook } from './test-hook.ts';

/** What a board needs of its link to the relay (sync/connection.svelte.ts in the app). */
export interface BoardLink {
  readonly room: string;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  readonly status: ConnectionStatus;
  readonly synced: boolean;
  readonly saveState: SaveState;
  readonly pendingChanges: number;
  readonly refusedWith: number | null;
  /** Closes the link and destroys the document. */
  destroy(): void;
}

export interface BoardSessionOptions {
  readonly link: BoardLink;
  /** Read on every frame: the ink's colour follows it. */
  readonly theme: { readonly current: BoardTheme };
  readonly presence?: PresenceOptions;
  /**
   * What the board is called on this page (exported files are named after it); default the
   * room's name. A link's page passes a neutral one: its id is a capability, and a file named
   * after it would hand the link on to whoever gets the file.
   */
  readonly name?: string;
  /** 'view' for a board opened with a view link: the hand only, no edits (default 'edit'). */
  readonly access?: 'edit' | 'view';
  /** The browser's animation frames unless a test drives them. */
  readonly frames?: AnimationFrames;
  /**
   * The credential the page holds that the link API takes as `Authorization: Bearer`: an edit
   * link's id or a token; null (the default) where naming the room is all there is.
   */
  readonly bearer?: string | null;
}

/** Our own selection's frame: the app's accent (app.css --accent) on either board. */
const SELECTION_ACCENT = { light: '#0969da', dark: '#4c9cff' } as const;

/** The eraser's ring: grey enough to see on either board colour, never mistaken for ink. */
const ERASER_RING = { light: '#59636e', dark: '#9aa3ad' } as const;

export class BoardSession {
  readonly link: BoardLink;
  readonly doc: Y.Doc;
  readonly presence: Presence;
  readonly strokes: StrokeCache;
  /** A colour a peer wrote that the canvas would ignore is painted as the default ink. */
  readonly colors = new CanvasColors(INK);
  readonly camera = new Camera();
  readonly settings: ToolSettings;
  /** Every edit made on this page carries this origin: undo tracks exactly these. */
  readonly origin = { local: 'this page' };
  readonly history: History;
  readonly input: BoardInput;
  readonly select: SelectTool;
  /** Whose words are being typed: the text and note tools, double-clicks (TextEditor.svelte). */
  readonly text: TextEditing;
  readonly renderer: BoardRenderer;
  readonly #theme: { readonly current: BoardTheme };
  readonly #name: string;
  readonly #bearer: string | null;
  /** Stroke count and loading progress are read through this, so views follow the cache. */
  readonly #strokesChanged: () => void;
  readonly #stopEffects: () => void;
  /** Built on the select tool's first use (element-index.ts). */
  #elements: ElementIndex | null = null;
  /** The viewport follow mode last set: any other one is the user's own move, which ends it. */
  #followApplied: Viewport | null = null;
  readonly #afterTransaction = () => this.#documentChanged();

  constructor(options: BoardSessionOptions) {
    this.link = options.link;
    this.doc = options.link.doc;
    this.#theme = options.theme;
    this.#name = options.name ?? options.link.room;
    this.#bearer = options.bearer ?? null;
    this.settings = new ToolSettings(options.access !== 'view');
    this.presence = new Presence(options.link.awareness, options.presence);
    this.strokes = new StrokeCache(this.doc, warnOncePerProblem());
    this.#strokesChanged = createSubscriber((update) => this.strokes.subscribe(update));
    this.history = new History(this.doc, this.origin);
    this.select = new SelectTool({
      doc: this.doc,
      origin: this.origin,
      history: this.history,
      elements: () => (this.#elements ??= new ElementIndex(this.strokes)),
      author: this.presence.identity.id,
      newId: randomStrokeId,
      timers: browserTimers,
      onChange: () => this.#selectionChanged(),
    });
    const target = {
      doc: this.doc,
      origin: this.origin,
      history: this.history,
      author: this.presence.identity.id,
    };
    this.text = new TextEditing(target);
    this.input = new BoardInput({
      select: this.select,
      text: this.text,
      camera: this.camera,
      settings: this.settings,
      target,
      // Finished strokes from the cache's grid, and those still being drawn (erasable too).
      strokes: (area) => [...this.strokes.finishedIn(area), ...this.strokes.live()],
      onLiveChange: () => this.renderer.invalidate('live'),
    });
    this.renderer = this.#createRenderer(options.frames);
    // After every observer, the element index included: the selection's frame is up to date.
    this.doc.on('afterTransaction', this.#afterTransaction);
    this.#stopEffects = $effect.root(() => this.#wire());
  }

  get room(): string {
    return this.link.room;
  }

  /** What the board is called on this page (BoardSessionOptions.name). */
  get name(): string {
    return this.#name;
  }

  /** The Bearer for the link API (BoardSessionOptions.bearer): an edit link's id, a token, or null. */
  bearer(): string | null {
    return this.#bearer;
  }

  /** How many valid strokes the board shows, finished or being drawn. */
  get strokeCount(): number {
    this.#strokesChanged();
    return this.strokes.size;
  }

  /** How far a big change (the board opening) has been read; null once all of it is. */
  get loading(): LoadProgress | null {
    this.#strokesChanged();
    return this.strokes.progress;
  }

  /** How a stored colour is shown on this board (theme, colours a canvas refuses). */
  get color(): (color: string) => string {
    return this.colors.guard(inkFor(this.#theme.current));
  }

  /** The board's CSS cursor for the tool in hand and what the pointer is doing. */
  get cursor(): 'grabbing' | 'grab' | 'none' | 'crosshair' | 'default' | 'text' {
    if (this.input.gesture === 'pan') return 'grabbing';
    if (this.input.spaceHeld || this.settings.tool === 'hand') return 'grab';
    if (this.settings.tool === 'text') return 'text';
    if (this.settings.tool === 'select') return 'default';
    return this.settings.tool === 'eraser' ? 'none' : 'crosshair';
  }

  /** `window.__whiteboard` (test-hook.ts): getters, read when a test asks. */
  testHook(): WhiteboardTestHook {
    const { link, strokes, camera, presence, select } = this;
    return {
      get status() {
        return link.status;
      },
      get synced() {
        return link.synced;
      },
      get saveState() {
        return link.saveState;
      },
      get pendingChanges() {
        return link.pendingChanges;
      },
      get refusedWith() {
        return link.refusedWith;
      },
      room: link.room,
      doc: link.doc,
      get strokeCount() {
        return strokes.size;
      },
      get loading() {
        return strokes.progress;
      },
      get strokes() {
        return strokes.ordered().map(({ id, author, color, done, points, bounds, shape }) => ({
          id,
          author,
          color,
          done,
          pointCount: points.length / POINT_STRIDE,
          bounds,
          type: shape?.type ?? ('stroke' as const),
          text: shape?.text ?? null,
        }));
      },
      get viewport() {
        return camera.viewport;
      },
      get presence() {
        return presence.snapshot();
      },
      get selection() {
        return { ids: [...select.ids], frame: select.ids.size > 0 ? select.frame() : null };
      },
    };
  }

  /** Presence goes before the link: it takes this page's state off the relay while it can. */
  destroy(): void {
    this.#stopEffects();
    this.doc.off('afterTransaction', this.#afterTransaction);
    this.select.destroy();
    this.renderer.destroy();
    this.strokes.destroy();
    this.history.destroy();
    this.presence.destroy();
    this.link.destroy();
  }

  #showFollowed(size: Size): void {
    if (this.presence.following === null) return;
    const view = this.presence.followedView();
    if (view === null) {
      // They left the room (or never shared a view): nothing to follow.
      if (this.presence.cursors.stateOf(this.presence.following) === null)
        this.presence.follow(null);
      return;
    }
    const viewport = viewportShowing(view, size);
    this.#followApplied = viewport;
    this.camera.viewport = viewport;
  }

  /** Selected elements moved or went away (here, by a peer, by undo): redraw, republish. */
  #documentChanged(): void {
    if (this.select.ids.size === 0) return;
    this.select.prune();
    this.#selectionChanged();
  }

  #selectionChanged(): void {
    const { select } = this;
    this.#elements?.keepOnly(select.ids);
    const frame = select.ids.size > 0 ? select.frame() : null;
    this.presence.setSelection([...select.ids], frame);
    this.renderer?.invalidate('live');
  }

  #createRenderer(frames: AnimationFrames | undefined): BoardRenderer {
    const { camera, colors, input, presence } = this;
    const theme = this.#theme;
    const drawRemoteCursors: Decoration = (ctx, view) => {
      ctx.setTransform(view.pixelRatio, 0, 0, view.pixelRatio, 0, 0);
      const cursors = presence.cursors.advance(performance.now(), view.viewport.zoom);
      drawCursors(ctx, cursors, view.viewport, view.size);
      if (presence.cursors.animating) this.renderer.invalidate('live');
    };
    const select = this.select;
    const drawSelection: Decoration = (ctx, view) => {
      ctx.setTransform(view.pixelRatio, 0, 0, view.pixelRatio, 0, 0);
      const scene = {
        frame: select.ids.size > 0 ? select.orientedFrame() : null,
        box: select.box,
        remote: presence.cursors.selections(),
        pointer: input.pointerKind,
        accent: SELECTION_ACCENT[theme.current],
      };
      drawSelections(ctx, scene, view.viewport);
    };
    return new BoardRenderer(
      {
        strokes: this.strokes,
        get viewport() {
          return camera.viewport;
        },
        get size() {
          return camera.size;
        },
        get color() {
          return colors.guard(inkFor(theme.current));
        },
        get localStrokeId() {
          return input.localStrokeId;
        },
        get localInk() {
          return input.localInk;
        },
        get eraser() {
          const ring = input.eraserAt;
          return ring && { ...ring, color: ERASER_RING[theme.current] };
        },
        decorations: [drawSelection, drawRemoteCursors],
      },
      frames,
    );
  }

  /** What follows what, for as long as the session lives. */
  #wire(): void {
    // Moving the camera redraws both layers; the strokes layer reuses what it can of its picture.
    $effect(() => {
      void this.camera.viewport;
      void this.camera.size;
      this.renderer.invalidate();
    });
    // Another theme changes the ink's colour: paint everything afresh.
    $effect(() => {
      void this.#theme.current;
      this.renderer.repaint();
    });
    $effect(() => {
      this.presence.setTool(this.settings.tool);
      this.renderer.invalidate('live');
    });
    $effect(() => {
      void this.presence.cursors.version;
      this.renderer.invalidate('live');
    });
    $effect(() => this.presence.setConnectionStatus(this.link.status));
    // Where we look, for anyone who follows us.
    $effect(() => this.presence.setView(sharedViewOf(this.camera.viewport, this.camera.size)));
    // Following someone: show what they show, whenever they move or this screen is resized.
    $effect(() => {
      void this.presence.cursors.version;
      const following = this.presence.following;
      const size = this.camera.size;
      if (following === null) return;
      untrack(() => this.#showFollowed(size));
    });
    // Our own pan or zoom (anything but what following set) stops following.
    $effect(() => {
      const viewport = this.camera.viewport;
      untrack(() => {
        if (this.presence.following !== null && viewport !== this.#followApplied) {
          this.presence.follow(null);
        }
      });
    });
    // Putting the select tool down clears the selection.
    $effect(() => {
      if (this.settings.tool !== 'select') untrack(() => this.select.clear());
    });
  }
}
