/**
 * Who this visitor is to everyone else in a room: a stable random user id (the `author` of
 * their strokes, unlike the Yjs clientID, which is new for every page load), a display name and
 * a colour. Kept in localStorage (identity-storage.ts) so people keep them across visits.
 *
 * Everything read back from storage is validated field by field: storage is shared with every
 * other version of this app that ever ran on the origin, and with anyone holding DevTools.
 */
import { toBase64Url } from '../encoding/base64url.ts';
import { MAX_AUTHOR_LENGTH } from '../model/schema.ts';

export interface Identity {
  readonly id: string;
  readonly name: string;
  readonly color: string;
}

export interface PaletteColor {
  /** For screen readers and tooltips. */
  readonly label: string;
  readonly value: string;
}

/**
 * Mid-luminance colours (relative luminance 0.15–0.28), so cursors, names and avatars keep at
 * least 3:1 contrast against both the light (#fbfbfa) and dark (#1b1d21) board; identity.test.ts
 * checks every entry. The picker offers only these.
 */
export const PALETTE: readonly PaletteColor[] = [
  { label: 'Red', value: '#e03131' },
  { label: 'Orange', value: '#d9480f' },
  { label: 'Gold', value: '#b8860b' },
  { label: 'Green', value: '#2f9e44' },
  { label: 'Teal', value: '#099268' },
  { label: 'Blue', value: '#1c7ed6' },
  { label: 'Indigo', value: '#4263eb' },
  { label: 'Violet', value: '#7048e8' },
  { label: 'Purple', value: '#ae3ec9' },
  { label: 'Pink', value: '#d6336c' },
];

export const MAX_NAME_LENGTH = 32;

// prettier-ignore
const ADJECTIVES = [
  'Amber', 'Bold', 'Brave', 'Bright', 'Calm', 'Clever', 'Cosy', 'Curious', 'Daring', 'Eager',
  'Gentle', 'Happy', 'Jolly', 'Keen', 'Kind', 'Lively', 'Lucky', 'Merry', 'Nimble', 'Noble',
  'Plucky', 'Quick', 'Quiet', 'Sunny', 'Swift', 'Tidy', 'Witty', 'Zesty',
] as const;

// prettier-ignore
const ANIMALS = [
  'Badger', 'Beaver', 'Bison', 'Crane', 'Dolphin', 'Falcon', 'Fox', 'Gecko', 'Heron', 'Ibex',
  'Koala', 'Lemur', 'Lynx', 'Marten', 'Moose', 'Narwhal', 'Otter', 'Owl', 'Panda', 'Puffin',
  'Quokka', 'Raven', 'Robin', 'Seal', 'Sloth', 'Tapir', 'Walrus', 'Wombat',
] as const;

/** A uniform number in [0, 1), like Math.random; tests pass a seeded one. */
export type RandomSource = () => number;

const HEX_COLOR = /^#[0-9a-f]{6}$/i;
const USER_ID = /^[A-Za-z0-9_-]+$/;
const MIN_USER_ID_LENGTH = 8;
// Control and format characters (newlines, bidi overrides, zero-width joiners) have no place in
// a one-line label and can make a name render as something it is not.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** The canonical form of a display name, or null if it is empty or too long once tidied. */
export function normalizeName(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const name = raw.replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim();
  const length = [...name].length; // code points, so one emoji counts once
  return length >= 1 && length <= MAX_NAME_LENGTH ? name : null;
}

/** `#rrggbb`: the one form every peer can parse and compute a readable label colour from. */
export function isHexColor(value: unknown): value is string {
  return typeof value === 'string' && HEX_COLOR.test(value);
}

export function isUserId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length >= MIN_USER_ID_LENGTH &&
    value.length <= MAX_AUTHOR_LENGTH &&
    USER_ID.test(value)
  );
}

export function randomName(random: RandomSource = Math.random): string {
  return `${pick(ADJECTIVES, random)} ${pick(ANIMALS, random)}`;
}

export function randomColor(random: RandomSource = Math.random): string {
  return pick(PALETTE, random).value;
}

/** 16 random bytes in base64url: 22 characters, 128 bits, unique without coordination. */
export function randomUserId(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
}

export function randomIdentity(random: RandomSource = Math.random): Identity {
  return { id: randomUserId(), name: randomName(random), color: randomColor(random) };
}

/**
 * Whatever is usable in a stored value, with fresh random values for the rest: a corrupt name
 * should not also cost someone their user id.
 */
export function reviveIdentity(stored: unknown, fresh: () => Identity): Identity {
  const fields = isRecord(stored) ? stored : {};
  const name = normalizeName(fields.name);
  if (isUserId(fields.id) && name !== null && isHexColor(fields.color)) {
    return { id: fields.id, name, color: fields.color.toLowerCase() };
  }
  const generated = fresh();
  return {
    id: isUserId(fields.id) ? fields.id : generated.id,
    name: name ?? generated.name,
    color: isHexColor(fields.color) ? fields.color.toLowerCase() : generated.color,
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pick<T>(items: readonly T[], random: RandomSource): T {
  const index = Math.min(items.length - 1, Math.floor(random() * items.length));
  const item = items[index];
  if (item === undefined) throw new Error('cannot pick from an empty list');
  return item;
}
