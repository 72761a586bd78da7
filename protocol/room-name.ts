/**
 * A room name: 1 to 64 of A-Z a-z 0-9 _ -. Safe in a URL path segment and in a storage key as it
 * is, so nothing is ever escaped. The relay refuses any other name with HTTP 400 (page and
 * WebSocket alike); the app shows such an address as not a board.
 */
const ROOM_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** The rule in words, as the relay's 400 answers say it. */
export const ROOM_NAME_RULE = 'room names are 1-64 of A-Z a-z 0-9 _ -';

export function isValidRoomName(name: string): boolean {
  return ROOM_NAME.test(name);
}
