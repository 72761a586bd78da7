/**
 * What the sync indicator tells the user about their changes:
 *
 * - offline: the relay cannot be reached; N changes are kept on this device (IndexedDB) and go
 *            out by themselves when it can be reached again.
 * - syncing: connecting, or connected with changes the relay has not yet acknowledged.
 * - saved:   connected, and the relay has acknowledged holding every local change: its own
 *            messages on this connection prove it (see server-knowledge.ts). Never a guess.
 * - refused: the relay refused a change made here (refusal.ts); changes made here are no longer
 *            sent and stay on this device, while everyone else's still arrive.
 */
import { ROOM_FULL } from './refusal.ts';
import type { ConnectionStatus } from './status.ts';
import { unreachable } from '../unreachable.ts';

export const SAVE_STATES = ['offline', 'syncing', 'saved', 'refused'] as const;
export type SaveState = (typeof SAVE_STATES)[number];

export interface SaveInputs {
  readonly status: ConnectionStatus;
  /** The relay refused a change made here: nothing made here is sent any more. */
  readonly refused: boolean;
  /** The relay's knowledge is complete and current: this connection delivered its step 2. */
  readonly confirmed: boolean;
  /** Changes not known to be on the server, as last counted (pending-changes.ts). */
  readonly pending: number;
  /** A local change is newer than that count, or too recent to call settled. */
  readonly unsettled: boolean;
}

export function saveStateOf({
  status,
  refused,
  confirmed,
  pending,
  unsettled,
}: SaveInputs): SaveState {
  if (refused) return 'refused';
  if (status === 'offline') return 'offline';
  if (status === 'synced' && confirmed && pending === 0 && !unsettled) return 'saved';
  return 'syncing';
}

/** The count to show: a change too new to have been counted still counts as one. */
export function shownPending({ pending, unsettled }: Pick<SaveInputs, 'pending' | 'unsettled'>) {
  return unsettled ? Math.max(1, pending) : pending;
}

const changes = (n: number) => (n === 1 ? '1 change' : `${n} changes`);

export interface SaveWords {
  /** What the indicator says. */
  readonly label: string;
  /** The same, short enough for a phone's top bar. */
  readonly short: string;
  /** A sentence for the tooltip. */
  readonly detail: string;
}

/** The indicator's words for a state and a count of pending changes. */
export function describeSave(
  state: SaveState,
  pending: number,
  refusedWith: number | null = null,
): SaveWords {
  switch (state) {
    case 'offline':
      return pending > 0
        ? {
            label: `Offline · ${changes(pending)} kept on this device`,
            short: `Offline · ${pending} unsaved`,
            detail:
              'The server cannot be reached. Your changes are stored in this browser and are sent as soon as the connection returns.',
          }
        : {
            label: 'Offline · no unsaved changes',
            short: 'Offline',
            detail:
              'The server cannot be reached. Everything you drew is already on the server; new changes will be kept in this browser until the connection returns.',
          };
    case 'syncing':
      return {
        label: pending > 0 ? `Syncing ${changes(pending)}…` : 'Syncing…',
        short: 'Syncing…',
        detail: 'Sending your changes and waiting for the server to confirm it has stored them.',
      };
    case 'saved':
      return {
        label: 'All changes saved',
        short: 'Saved',
        detail: 'The server has confirmed it holds every change made here.',
      };
    case 'refused':
      if (refusedWith === ROOM_FULL) {
        return {
          label:
            pending > 0
              ? `Not saved · this board is full · ${changes(pending)} kept on this device`
              : 'Not saved · this board is full',
          short: 'Board full',
          detail:
            'This board has reached the size the server allows, so changes made here are no longer sent: they stay in this browser. Erasing frees space once the server has compacted the board; reload the page to try again, or continue on a new board.',
        };
      }
      return {
        label:
          pending > 0
            ? `Not saved · the server refused a change · ${changes(pending)} kept on this device`
            : 'Not saved · the server refused a change',
        short: 'Not saved',
        detail:
          'The server refused a change made here, so changes made here are no longer sent: they stay in this browser. The board keeps working and still shows what others draw. Reload the page to try again.',
      };
    default:
      return unreachable('save state', state);
  }
}
