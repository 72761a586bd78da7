import type { PresenceState } from './awareness-state.ts';
import { distinctNames } from './peer-names.ts';

/** One entry of the participant list: a connected page (a person with two tabs shows twice). */
export interface Participant {
  /** The Yjs awareness client id of that page. */
  readonly clientId: number;
  /** The person's stable user id (see identity.ts). */
  readonly userId: string;
  readonly name: string;
  readonly color: string;
  readonly idle: boolean;
  /** This page. */
  readonly isSelf: boolean;
  readonly tool?: string;
  /** The client id of the page this one follows (follow mode). */
  readonly follows?: number;
}

/**
 * Everyone present, this page first, then by name (then client id, so the order is stable).
 * Others' names are as this page shows them (peer-names.ts): none carries our markers, looks
 * blank, or repeats another without a " (2)".
 */
export function listParticipants(
  self: { readonly clientId: number; readonly state: PresenceState },
  peers: ReadonlyMap<number, PresenceState>,
): Participant[] {
  const everyone = [
    toParticipant(self.clientId, self.state, true),
    ...[...peers]
      .filter(([clientId]) => clientId !== self.clientId)
      .map(([clientId, state]) => toParticipant(clientId, state, false)),
  ];
  const names = distinctNames(everyone);
  const shown = everyone.map((entry) => ({
    ...entry,
    name: names.get(entry.clientId) ?? entry.name,
  }));
  const [own, ...others] = shown;
  others.sort((a, b) => a.name.localeCompare(b.name) || a.clientId - b.clientId);
  return own ? [own, ...others] : others;
}

/** Two lists show the same thing: lets a caller keep the old array and skip a re-render. */
export function sameParticipants(a: readonly Participant[], b: readonly Participant[]): boolean {
  return (
    a.length === b.length &&
    a.every((entry, index) => {
      const other = b[index];
      return (
        other !== undefined &&
        entry.clientId === other.clientId &&
        entry.userId === other.userId &&
        entry.name === other.name &&
        entry.color === other.color &&
        entry.idle === other.idle &&
        entry.isSelf === other.isSelf &&
        entry.tool === other.tool &&
        entry.follows === other.follows
      );
    })
  );
}

function toParticipant(clientId: number, state: PresenceState, isSelf: boolean): Participant {
  return {
    clientId,
    userId: state.user.id,
    name: state.user.name,
    color: state.user.color,
    idle: state.activity === 'idle',
    isSelf,
    ...(state.tool === undefined ? {} : { tool: state.tool }),
    ...(state.follows === undefined ? {} : { follows: state.follows }),
  };
}
