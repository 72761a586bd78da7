import { describe, expect, it } from 'vitest';
import { DEVICE_KEY_STORAGE_KEY, deviceKey, isDeviceKey } from './device-key.ts';

function mapStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
  };
}

describe('the device key', () => {
  it('is made once per browser profile: 128 random bits in base64url, then remembered', () => {
    const storage = mapStorage();
    const first = deviceKey(storage);
    expect(first).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(storage.map.get(DEVICE_KEY_STORAGE_KEY)).toBe(first);
    expect(deviceKey(storage)).toBe(first);
  });

  it('replaces a stored value that is no key (another version, or DevTools)', () => {
    for (const junk of ['', 'short', 'has spaces in it here', 'x'.repeat(129)]) {
      const storage = mapStorage({ [DEVICE_KEY_STORAGE_KEY]: junk });
      const key = deviceKey(storage, () => new Uint8Array(16).fill(7));
      expect(key, junk).toBe('BwcHBwcHBwcHBwcHBwcHBw');
      expect(isDeviceKey(key)).toBe(true);
    }
  });

  it('still gives this page a key when storage refuses to read or write', () => {
    const broken = {
      getItem: (): string | null => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    expect(isDeviceKey(deviceKey(broken))).toBe(true);
    expect(isDeviceKey(deviceKey(null))).toBe(true);
  });
});
