import { describe, expect, it } from 'vitest';
import { isLinkId } from './link-id.ts';

describe('the shape of a link id', () => {
  it('is 22 base64url characters, 128 random bits, and nothing else', () => {
    expect(isLinkId('Abcdefghijklmnopqrstu_')).toBe(true);
    expect(isLinkId('0123456789-_ABCDEFabcd')).toBe(true);
    for (const id of [
      '',
      'short',
      'Abcdefghijklmnopqrstu_x',
      'Abcdefghijklmnopqrstu/',
      'Abcdefghijklmnopqrstu=',
      'Abcdefghijklmnopqrstu\n',
    ]) {
      expect(isLinkId(id), JSON.stringify(id)).toBe(false);
    }
  });
});
