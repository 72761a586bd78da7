import { describe, expect, it } from 'vitest';
import { CloseReason, LibraryCloseCode, SERVER_CLOSE_CODES } from './close-reasons.ts';

/** Codes RFC 6455 (7.4.1) reserves for reporting, never to be sent in a close frame. */
const NEVER_SENT = [1004, 1005, 1006, 1015];

describe('close reasons', () => {
  const reasons = Object.values(CloseReason);

  it('use codes a close frame may carry', () => {
    for (const { code, label } of reasons) {
      const registered = code >= 1000 && code <= 1014 && !NEVER_SENT.includes(code);
      const application = code >= 4000 && code <= 4999;
      expect(registered || application, label).toBe(true);
    }
  });

  it('fit their reason in a close frame (123 bytes of UTF-8)', () => {
    for (const { reason, label } of reasons) {
      expect(new TextEncoder().encode(reason).length, label).toBeLessThanOrEqual(123);
      expect(reason.length, label).toBeGreaterThan(0);
    }
  });

  it('have one label each, so logs and metrics tell them apart', () => {
    const labels = reasons.map((reason) => reason.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('list every code a client can receive once, the library’s own included', () => {
    const codes = [...reasons.map((reason) => reason.code), ...Object.values(LibraryCloseCode)];
    expect(new Set(SERVER_CLOSE_CODES)).toEqual(new Set(codes));
    expect(SERVER_CLOSE_CODES).toHaveLength(new Set(codes).size);
  });
});
