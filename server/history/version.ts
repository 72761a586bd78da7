/**
 * A saved version of a room's board, as every VersionStore keeps it and the HTTP API shows it
 * (docs/history-api.md). Pure: no I/O.
 */

export const VersionReason = {
  /** The room went quiet for VERSION_IDLE_MS after changes (or unloaded with changes unsaved). */
  idle: 'idle',
  /** Just before a change that removes more than half of the board's elements (mass-delete.ts). */
  beforeMassDelete: 'before-mass-delete',
  /** Saved by a person (POST), or before a restore; kept until deleted. */
  named: 'named',
} as const;
export type VersionReason = (typeof VersionReason)[keyof typeof VersionReason];

const REASONS: ReadonlySet<string> = new Set(Object.values(VersionReason));

/**
 * How a version's payload reads: `key` holds the whole document, `diff` only what changed since
 * the version before it (version-chain.ts).
 */
export type VersionFrame = 'key' | 'diff';

/** What the API lists of a version. */
export interface VersionInfo {
  /** VERSION_ID: opaque to clients, ordered by saving within a room. */
  readonly id: string;
  /** When it was saved, ms since the epoch. */
  readonly at: number;
  readonly reason: VersionReason;
  /** 1..MAX_VERSION_NAME characters, or null for automatic versions. */
  readonly name: string | null;
  /** Live entries of the `strokes` map: every element kind. */
  readonly elements: number;
  /** The whole document of the version as one Yjs update, in bytes. */
  readonly bytes: number;
}

/** A version as stored: its info and how its payload reads. */
export interface StoredVersion extends VersionInfo {
  readonly frame: VersionFrame;
}

/** A version to store; the store gives it its id. */
export type NewVersion = Omit<StoredVersion, 'id'>;

export const MAX_VERSION_NAME = 100;

/**
 * Ten decimal digits, zero-padded: string order is saving order, which keeps a LevelDB prefix
 * scan and a Redis hash sorted the same way. 10^10 versions of one room is beyond any retention.
 * Clients treat ids as opaque and may see any of [0-9a-z] later.
 */
const VERSION_ID = /^[0-9a-z]{10}$/;
const ID_DIGITS = 10;

export function isVersionId(value: string): boolean {
  return VERSION_ID.test(value);
}

/** The id of the `n`th version (from 1) saved in a room. */
export function versionId(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1 || n >= 10 ** ID_DIGITS) {
    throw new RangeError(`no version id for ${n}`);
  }
  return String(n).padStart(ID_DIGITS, '0');
}

/** The fields the API answers: never the frame, which is the store's business. */
export function versionInfo(version: StoredVersion): VersionInfo {
  const { id, at, reason, name, elements, bytes } = version;
  return { id, at, reason, name, elements, bytes };
}

export function encodeStoredVersion(version: StoredVersion): string {
  return JSON.stringify(version);
}

/**
 * A stored record back into a version; one that is not one is a storage fault, said so. A store
 * that keys records by id (Redis) passes it as `id`, and the record need not repeat it.
 */
export function decodeStoredVersion(json: string, id?: string): StoredVersion {
  const record: unknown = JSON.parse(json);
  const parsed = id === undefined || typeof record !== 'object' ? record : { ...record, id };
  if (!isStoredVersion(parsed)) {
    throw new Error(`stored version record is malformed: ${json.slice(0, 200)}`);
  }
  return parsed;
}

function isStoredVersion(value: unknown): value is StoredVersion {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['id'] === 'string' &&
    isVersionId(v['id']) &&
    Number.isSafeInteger(v['at']) &&
    typeof v['reason'] === 'string' &&
    REASONS.has(v['reason']) &&
    (v['name'] === null || typeof v['name'] === 'string') &&
    Number.isSafeInteger(v['elements']) &&
    Number.isSafeInteger(v['bytes']) &&
    (v['frame'] === 'key' || v['frame'] === 'diff')
  );
}
