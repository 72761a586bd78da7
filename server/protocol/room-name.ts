const ROOM_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export function isValidRoomName(name: string): boolean {
  return ROOM_NAME.test(name);
}
