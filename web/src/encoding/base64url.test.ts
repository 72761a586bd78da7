import { describe, expect, it } from 'vitest';
import { toBase64Url } from './base64url.ts';

describe('base64url', () => {
  it('uses - and _ where base64 has + and /, and drops the padding', () => {
    expect(toBase64Url(new Uint8Array([0xfb, 0xff, 0xfe]))).toBe('-__-');
    expect(toBase64Url(new Uint8Array([0xff]))).toBe('_w');
    expect(toBase64Url(new Uint8Array(16))).toBe('AAAAAAAAAAAAAAAAAAAAAA');
  });

  it('writes nothing for no bytes', () => {
    expect(toBase64Url(new Uint8Array(0))).toBe('');
  });
});
