// The rule is part of the contract with the app: protocol/room-name.ts.
export { ROOM_NAME_RULE, isValidRoomName } from '../../protocol/room-name.ts';
