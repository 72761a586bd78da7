/**
 * This browser profile's device key: 128 random bits in base64url, kept in localStorage. It is
 * sent only as the `device` field of `POST /api/tickets`, where the relay turns it into the
 * identity that owns the Yjs client ids this device writes under (issue 11, authorship), so it
 * never appears in a URL, a presence state or a log.
 */
import { toBase64Url } from '../encoding/base64url.ts';

export const DEVICE_KEY_STORAGE_KEY = 'whiteboard.device';

/** What the relay accepts (16–128 of these characters); ours are 22. */
const DEVICE_KEY_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;

/** The part of `Storage` the key needs; tests pass a Map-backed fake. */
export type DeviceKeyStorage = Pick<Storage, 'getItem' | 'setItem'>;

export type RandomBytes = (length: number) => Uint8Array;

const browserRandomBytes: RandomBytes = (length) => crypto.getRandomValues(new Uint8Array(length));

export function isDeviceKey(value: unknown): value is string {
  return typeof value === 'string' && DEVICE_KEY_SHAPE.test(value);
}

/**
 * The remembered key, or a new one saved for next time. Storage that cannot be read or written
 * (blocked, private mode, full) still yields a key for this page: a new identity per visit is
 * the same as a new browser profile, not an error.
 */
export function deviceKey(
  storage: DeviceKeyStorage | null,
  randomBytes: RandomBytes = browserRandomBytes,
): string {
  const stored = read(storage);
  if (isDeviceKey(stored)) return stored;
  const key = toBase64Url(randomBytes(16));
  try {
    storage?.setItem(DEVICE_KEY_STORAGE_KEY, key);
  } catch (error) {
    console.warn('Could not save this device key; it lasts only for this page', error);
  }
  return key;
}

function read(storage: DeviceKeyStorage | null): string | null {
  try {
    return storage?.getItem(DEVICE_KEY_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** localStorage, or null where touching it throws (storage blocked for the site). */
export function browserDeviceKeyStorage(): DeviceKeyStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
