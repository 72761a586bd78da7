/**
 * What the history panel shows and what its buttons do (issue 14), as one explicit lifecycle:
 *
 *   closed ─open─► loading ─► list ─preview─► previewing ─restore─► restoring ─► loading …
 *                     │         ▲                 │ back                │ failed
 *                     │         └─────────────────┘                     ▼
 *                     └─► error | offline                           previewing (with problem)
 *
 * While previewing, the board shows the version read-only (`viewing`); closing the panel or
 * going back returns to the live board. Answers that arrive after the user moved on are dropped.
 */
import type * as Y from 'yjs';
import type { ApiProblem } from '../http/api-problem.ts';
import type { HistoryClient } from './history-api.ts';
import { versionDoc } from './version-doc.ts';
import { VersionDownloads } from './version-downloads.ts';
import { MAX_NAME_LENGTH, type VersionEntry, type VersionList } from './version-responses.ts';
import { absoluteTime, versionTitle } from './version-words.ts';

/** A request the list is waiting for: its button shows busy. */
export type ListBusy =
  | { readonly kind: 'none' }
  | { readonly kind: 'opening'; readonly id: string }
  | { readonly kind: 'saving' };

export type PanelState =
  | { readonly kind: 'closed' }
  | { readonly kind: 'loading' }
  /** The relay did not answer, or the board is not connected: history needs the server. */
  | { readonly kind: 'offline' }
  | { readonly kind: 'error'; readonly problem: ApiProblem }
  | {
      readonly kind: 'list';
      readonly list: VersionList;
      readonly busy: ListBusy;
      readonly problem: ApiProblem | null;
      /** What the last action did ("Restored …"), until the next one. */
      readonly notice: string | null;
    }
  | {
      readonly kind: 'previewing';
      readonly list: VersionList;
      readonly version: VersionEntry;
      readonly doc: Y.Doc;
      readonly problem: ApiProblem | null;
    }
  | {
      readonly kind: 'restoring';
      readonly list: VersionList;
      readonly version: VersionEntry;
      readonly doc: Y.Doc;
    };

export type PanelKind = PanelState['kind'];

const CLOSED: PanelState = { kind: 'closed' };
const NOT_BUSY: ListBusy = { kind: 'none' };

export interface HistoryPanelOptions {
  readonly client: HistoryClient;
  /** Whether the board is connected to the relay now; history is asked only then. */
  readonly online: () => boolean;
}

export class HistoryPanel {
  readonly #client: HistoryClient;
  readonly #online: () => boolean;
  readonly downloads: VersionDownloads;
  #state = $state.raw<PanelState>(CLOSED);
  /** Bumped by every move; an answer to an older one is dropped. */
  #turn = 0;

  constructor(options: HistoryPanelOptions) {
    this.#client = options.client;
    this.#online = options.online;
    this.downloads = new VersionDownloads(options.client);
  }

  get state(): PanelState {
    return this.#state;
  }

  get open(): boolean {
    return this.#state.kind !== 'closed';
  }

  /** The version the board shows instead of the live one, or null for the live board. */
  get viewing(): { readonly version: VersionEntry; readonly doc: Y.Doc } | null {
    const state = this.#state;
    return state.kind === 'previewing' || state.kind === 'restoring' ? state : null;
  }

  toggle(): void {
    if (this.open) this.close();
    else void this.refresh();
  }

  /** Opens the panel (or reloads its list): the versions as the relay has them now. */
  async refresh(notice: string | null = null): Promise<void> {
    const turn = this.#move({ kind: 'loading' });
    if (!this.#online()) {
      this.#state = { kind: 'offline' };
      return;
    }
    const result = await this.#client.list();
    if (turn !== this.#turn) return;
    if (result.ok) {
      this.#state = { kind: 'list', list: result.value, busy: NOT_BUSY, problem: null, notice };
    } else {
      this.#state = problemState(result.problem);
    }
  }

  /**
   * The board's link to the relay went down or came back: an open list says history needs the
   * server, and asks again once it is back. A version already shown stays (it is downloaded);
   * restoring it says offline if the relay cannot be reached.
   */
  connectionChanged(online: boolean): void {
    const kind = this.#state.kind;
    if (!online && (kind === 'loading' || kind === 'list' || kind === 'error')) {
      this.#move({ kind: 'offline' });
    } else if (online && kind === 'offline') {
      void this.refresh();
    }
  }

  /** Back to the live board, panel closed. */
  close(): void {
    this.#move(CLOSED);
  }

  /** Shows `version` on the board, read-only, once it is downloaded. */
  async preview(version: VersionEntry): Promise<void> {
    const from = this.#state;
    if (from.kind !== 'list' && from.kind !== 'previewing') return;
    const list = from.list;
    const turn = this.#move({
      kind: 'list',
      list,
      busy: { kind: 'opening', id: version.id },
      problem: null,
      notice: null,
    });
    const result = await this.downloads.get(version.id);
    if (turn !== this.#turn) return;
    if (!result.ok) {
      this.#fail(list, result.problem);
      return;
    }
    const doc = versionDoc(result.value);
    if (doc === null) {
      this.#fail(list, { kind: 'malformed' });
      return;
    }
    this.#state = { kind: 'previewing', list, version, doc, problem: null };
  }

  /** From a preview back to the live board, the list still open. */
  backToLive(): void {
    const from = this.#state;
    if (from.kind !== 'previewing') return;
    this.#move({ kind: 'list', list: from.list, busy: NOT_BUSY, problem: null, notice: null });
  }

  /**
   * Makes the live board equal to the previewed version (the relay does it, as one change that
   * arrives through sync), then returns to the live board with the list reloaded: the restore
   * kept a version of what it replaced.
   */
  async restore(): Promise<void> {
    const from = this.#state;
    if (from.kind !== 'previewing') return;
    const { list, version, doc } = from;
    const turn = this.#move({ kind: 'restoring', list, version, doc });
    const result = await this.#client.restore(version.id);
    if (turn !== this.#turn) return;
    if (!result.ok) {
      this.#state =
        result.problem.kind === 'offline'
          ? { kind: 'offline' }
          : { kind: 'previewing', list, version, doc, problem: result.problem };
      return;
    }
    // The relay kept the board it replaced as a version: restoring that one undoes this.
    const kept =
      result.value === null ? '' : ` What it replaced is kept as “${versionTitle(result.value)}”.`;
    await this.refresh(`Restored the version of ${absoluteTime(version.at)}.${kept}`);
  }

  /** Saves the live board as a version called `name` (1..100 characters, trimmed). */
  async save(name: string): Promise<void> {
    const from = this.#state;
    const trimmed = name.trim();
    if (from.kind !== 'list' || from.busy.kind !== 'none' || trimmed === '') return;
    const list = from.list;
    const turn = this.#move({ ...from, busy: { kind: 'saving' }, problem: null, notice: null });
    const result = await this.#client.save(trimmed.slice(0, MAX_NAME_LENGTH));
    if (turn !== this.#turn) return;
    if (!result.ok) {
      this.#fail(list, result.problem);
      return;
    }
    const saved = result.value;
    await this.refresh(`Saved “${saved === null ? trimmed : versionTitle(saved)}”.`);
  }

  #fail(list: VersionList, problem: ApiProblem): void {
    this.#state =
      problem.kind === 'offline'
        ? { kind: 'offline' }
        : { kind: 'list', list, busy: NOT_BUSY, problem, notice: null };
  }

  /** Enters `next` as a new turn; leaving a preview lets its document go. */
  #move(next: PanelState): number {
    const leaving = this.viewing;
    this.#state = next;
    if (leaving && this.viewing?.doc !== leaving.doc) leaving.doc.destroy();
    return ++this.#turn;
  }
}

function problemState(problem: ApiProblem): PanelState {
  return problem.kind === 'offline' ? { kind: 'offline' } : { kind: 'error', problem };
}
