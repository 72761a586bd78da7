import { describe, expect, it } from 'vitest';
import { CloseReason, SERVER_CLOSE_CODES } from '../../../protocol/close-reasons.ts';
import { CLOSE_HANDLING, REFUSED_AFTER, RefusalWatch, isDenial } from './refusal.ts';

/** One connection: opened, maybe a change sent, closed with `code`. */
function connection(watch: RefusalWatch, code: number | undefined, sent = true): number | null {
  watch.opened();
  if (sent) watch.sentDocument();
  return watch.closed(code);
}

describe('RefusalWatch', () => {
  it('calls a 1009 right after sending a change a refusal at once', () => {
    const watch = new RefusalWatch();
    expect(connection(watch, 1009)).toBe(1009);
    expect(watch.refused).toBe(1009);
  });

  it('calls a 4413 (the room is full) right after sending a change a refusal at once', () => {
    const watch = new RefusalWatch();
    expect(connection(watch, 4413)).toBe(4413);
  });

  it(`calls the same refusing close ${REFUSED_AFTER} times in a row a refusal`, () => {
    const watch = new RefusalWatch();
    for (let i = 1; i < REFUSED_AFTER; i++) expect(connection(watch, 1007)).toBeNull();
    expect(connection(watch, 1007)).toBe(1007);
  });

  it('never calls the relay’s own trouble, or a close after sending nothing, a refusal', () => {
    const watch = new RefusalWatch();
    for (let i = 0; i < 10; i++) {
      expect(connection(watch, 1006)).toBeNull();
      expect(connection(watch, 1011)).toBeNull();
      expect(connection(watch, 1013)).toBeNull();
      expect(connection(watch, 1009, false)).toBeNull();
      expect(connection(watch, 1008)).toBeNull();
      expect(connection(watch, 1001)).toBeNull();
      expect(connection(watch, 4507)).toBeNull();
    }
    expect(watch.refused).toBeNull();
  });

  it('takes an unsendable change as refused', () => {
    const watch = new RefusalWatch();
    watch.refuse();
    expect(watch.refused).toBe(1009);
    expect(connection(watch, 1006)).toBe(1009);
  });
});

describe('CLOSE_HANDLING', () => {
  it('decides every close code the relay can send, and nothing else', () => {
    const decided = Object.keys(CLOSE_HANDLING).map(Number);
    expect(decided.sort((a, b) => a - b)).toEqual(SERVER_CLOSE_CODES);
    for (const reason of Object.values(CloseReason)) {
      expect(CLOSE_HANDLING[reason.code], reason.label).toBeDefined();
    }
  });

  it('calls a close a refusal exactly as the table says', () => {
    for (const code of SERVER_CLOSE_CODES) {
      const watch = new RefusalWatch();
      const closes = Array.from({ length: REFUSED_AFTER }, () => connection(watch, code));
      const expected = {
        refused: closes.map(() => code),
        'refused-if-repeated': closes.map((_, i) => (i === REFUSED_AFTER - 1 ? code : null)),
        retry: closes.map(() => null),
        denied: closes.map(() => code),
      }[CLOSE_HANDLING[code]];
      expect(closes, `close code ${code}`).toEqual(expected);
    }
  });

  it('retries codes the browser makes up itself', () => {
    const watch = new RefusalWatch();
    for (const code of [1000, 1005, 1006, 4999]) {
      for (let i = 0; i < REFUSED_AFTER; i++) expect(connection(watch, code)).toBeNull();
    }
  });
});

describe('a denied connection (a link unknown, revoked or expired)', () => {
  it.each([CloseReason.linkUnknown.code, CloseReason.linkRevoked.code])(
    'is final at once on %i, whether or not a change was sent',
    (code) => {
      const quiet = new RefusalWatch();
      expect(connection(quiet, code, false)).toBe(code);
      expect(quiet.denied).toBe(true);
      const busy = new RefusalWatch();
      expect(connection(busy, code)).toBe(code);
      expect(busy.denied).toBe(true);
    },
  );

  it('is what the page tells apart from any other close when it says the link no longer works', () => {
    expect(isDenial(CloseReason.linkUnknown.code)).toBe(true);
    expect(isDenial(CloseReason.linkRevoked.code)).toBe(true);
    for (const code of [null, 1006, 4413, 1009, 1001])
      expect(isDenial(code), `${code}`).toBe(false);
  });

  it('is not what a refused change is: the page may still be in the room', () => {
    const watch = new RefusalWatch();
    expect(connection(watch, 4413)).toBe(4413);
    expect(watch.denied).toBe(false);
  });
});
