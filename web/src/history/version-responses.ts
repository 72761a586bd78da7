/**
 * Readers of the history API's answers (issue 14; the contract is docs/history-api.md). An answer is
 * hostile until checked: one malformed entry of a list is skipped and counted (the rest of the
 * history is still worth showing, unlike a link list, where a hidden link could not be revoked),
 * and anything else off-contract reads as null.
 */

export const VERSION_REASONS = ['idle', 'before-mass-delete', 'named'] as const;
export type VersionReason = (typeof VERSION_REASONS)[number];

/** One entry of GET /api/rooms/<room>/versions. */
export interface VersionEntry {
  readonly id: string;
  readonly at: Date;
  readonly reason: VersionReason;
  /** The name a person gave it (reason 'named'); null for automatic versions. */
  readonly name: string | null;
  /** Elements (strokes) the board held in this version. */
  readonly elements: number;
  /** What downloading it costs: the whole document as one update; null when not told. */
  readonly bytes: number | null;
}

export interface VersionList {
  /** Newest first. */
  readonly versions: readonly VersionEntry[];
  /** Entries that were off-contract and left out; the panel says so. */
  readonly skipped: number;
}

/** Ids go into URL paths: exactly the relay's shape, so none can reach another path. */
const VERSION_ID = /^[0-9a-z]{10}$/;
/** Names are 1..100 characters (docs/history-api.md); a longer one is cut, not believed. */
export const MAX_NAME_LENGTH = 100;
/** Largest list read: a bigger answer is cut here rather than building 10⁶ rows. */
export const MAX_VERSIONS = 5_000;

type Fields = Readonly<Record<string, unknown>>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isVersionId(value: unknown): value is string {
  return typeof value === 'string' && VERSION_ID.test(value);
}

/** Milliseconds since the epoch; null for anything else (a Date past year 275760 is invalid). */
function time(value: unknown): Date | null {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function reason(value: unknown): VersionReason | null {
  return VERSION_REASONS.find((known) => known === value) ?? null;
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

function name(value: unknown): string | null | undefined {
  if (value === null) return null;
  return typeof value === 'string' && value.length > 0
    ? value.slice(0, MAX_NAME_LENGTH)
    : undefined;
}

/** One entry, or null when any field is off-contract. */
export function readVersion(entry: unknown): VersionEntry | null {
  if (!isFields(entry)) return null;
  const id = entry.id;
  const at = time(entry.at);
  const why = reason(entry.reason);
  const elements = count(entry.elements);
  const given = name(entry.name);
  const bytes = entry.bytes === undefined ? null : count(entry.bytes);
  if (!isVersionId(id) || at === null || why === null || elements === null) return null;
  if (given === undefined || (bytes === null && entry.bytes !== undefined)) return null;
  return { id, at, reason: why, name: given, elements, bytes };
}

/** The list, newest first, or null when the answer is no list at all. */
export function readVersionList(body: unknown): VersionList | null {
  const entries = body;
  if (!Array.isArray(entries)) return null;
  const versions: VersionEntry[] = [];
  let skipped = 0;
  for (const entry of entries.slice(0, MAX_VERSIONS)) {
    const version = readVersion(entry);
    if (version === null) skipped += 1;
    else versions.push(version);
  }
  skipped += Math.max(0, entries.length - MAX_VERSIONS);
  // The relay answers newest first; sorted again so a confused answer still reads in order
  // (ids of one room sort in saving order, which breaks ties within one millisecond).
  versions.sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : -1));
  return { versions, skipped };
}

/** The answer to saving or restoring: the version saved, or null when unreadable. */
export const readSavedVersion = readVersion;
