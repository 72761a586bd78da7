import { describe, expect, it } from 'vitest';
import { UNNAMED, distinctNames, nameKey, peerDisplayName } from './peer-names.ts';

describe('peerDisplayName', () => {
  it('leaves ordinary names alone', () => {
    for (const name of ['Alice', 'Bold Otter', 'Zoë', '李雷', 'Anne-Marie', 'R2 (droid)']) {
      expect(peerDisplayName(name)).toBe(name);
    }
  });

  it("takes out this page's own markers, however they are dressed", () => {
    expect(peerDisplayName('Alice (you)')).toBe('Alice');
    expect(peerDisplayName('Alice (YOU)')).toBe('Alice');
    expect(peerDisplayName('Alice（you）')).toBe('Alice'); // fullwidth brackets
    expect(peerDisplayName('Alice [idle]')).toBe('Alice');
    expect(peerDisplayName('Alice idle')).toBe('Alice');
    expect(peerDisplayName('Alice · idle')).toBe('Alice');
    expect(peerDisplayName('Alice (idle) (you)')).toBe('Alice');
    expect(peerDisplayName('Alice (2)')).toBe('Alice'); // our own counter for copies
  });

  it('names a peer whose name would look blank', () => {
    for (const blank of [
      '\u3164',
      '\u3164\u3164',
      '\u2800',
      '\u0301\u0302',
      '\uffa0',
      '(you)',
      'idle',
    ]) {
      expect(peerDisplayName(blank), JSON.stringify(blank)).toBe(UNNAMED);
    }
    expect(peerDisplayName('A\u3164')).toBe('A');
    expect(peerDisplayName('A\u3164B')).toBe('A B');
  });
});

describe('distinctNames', () => {
  it("keeps this page's name, and tells copies apart in a stable order", () => {
    const names = distinctNames([
      { clientId: 9, name: 'alice', isSelf: false },
      { clientId: 5, name: 'Alice', isSelf: true },
      { clientId: 3, name: 'ALICE (you)', isSelf: false },
      { clientId: 7, name: 'Bob', isSelf: false },
      { clientId: 8, name: 'Alice (2)', isSelf: false },
    ]);
    expect(names.get(5)).toBe('Alice');
    expect(names.get(3)).toBe('ALICE (2)');
    expect(names.get(8)).toBe('Alice (3)');
    expect(names.get(9)).toBe('alice (4)');
    expect(names.get(7)).toBe('Bob');
  });

  it('tells blank names apart too', () => {
    const names = distinctNames([
      { clientId: 1, name: '\u3164', isSelf: false },
      { clientId: 2, name: '\u2800', isSelf: false },
    ]);
    expect([names.get(1), names.get(2)]).toEqual([UNNAMED, `${UNNAMED} (2)`]);
  });

  it('compares names as a reader would', () => {
    expect(nameKey('ＡＬＩＣＥ')).toBe(nameKey('alice'));
    expect(nameKey('Ali\u0301ce')).toBe(nameKey('Alice'));
    expect(nameKey('Alíce')).toBe(nameKey('Alice'));
    expect(nameKey('Al ice')).toBe(nameKey('Alice'));
  });
});
