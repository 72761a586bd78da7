import { describe, expect, it } from 'vitest';
import { isValidRoomName } from './room-name.ts';

describe('room names', () => {
  it.each(['a', 'team-notes_2', 'A-z_0-9', 'r'.repeat(64), 'AAAAAAAAAAAAAAAAAAAAAA'])(
    'accepts %s',
    (name) => expect(isValidRoomName(name)).toBe(true),
  );

  it.each(['', 'r'.repeat(65), 'a.b', 'a b', 'a/b', '%20', 'ü', 'a~b', 'a\n', '..'])(
    'refuses %j',
    (name) => expect(isValidRoomName(name)).toBe(false),
  );
});
