/**
 * Every reason the server closes a connection, with the WebSocket close code it sends and the
 * label used in logs and metrics. Codes follow RFC 6455 where one fits.
 */
export const CloseReason = {
  goingAway: { code: 1001, label: 'going_away', reason: 'server shutting down' },
  unsupportedData: { code: 1003, label: 'unsupported_data', reason: 'unsupported message' },
  invalidPayload: { code: 1007, label: 'invalid_payload', reason: 'malformed message' },
  nestingTooDeep: {
    code: 1007,
    label: 'nesting_too_deep',
    reason: 'update nests shared types too deeply',
  },
  whiteboardContent: {
    code: 1007,
    label: 'whiteboard_content',
    reason: 'update breaks the whiteboard document rules',
  },
  unknownDeletion: {
    code: 1007,
    label: 'unknown_deletion',
    reason: 'update deletes content the room does not hold',
  },
  rateLimited: { code: 1008, label: 'rate_limited', reason: 'message rate limit exceeded' },
  presenceLimit: {
    code: 1008,
    label: 'presence_limit',
    reason: 'too many presence states for one connection',
  },
  roomVolume: {
    code: 1008,
    label: 'room_volume',
    reason: 'sending most of what the room can take',
  },
  addressVolume: {
    code: 1008,
    label: 'address_volume',
    reason: 'sending most of what one address may send',
  },
  clientLimit: {
    code: 1008,
    label: 'client_limit',
    reason: 'too many new Yjs clients from one connection',
  },
  roomPresenceFull: {
    code: 1008,
    label: 'room_presence_full',
    reason: 'presence of this room is full',
  },
  answerBudget: {
    code: 1008,
    label: 'answer_budget',
    reason: 'asked for too many copies of the room, try later',
  },
  tooLarge: { code: 1009, label: 'too_large', reason: 'message too large' },
  internalError: { code: 1011, label: 'internal_error', reason: 'internal error' },
  storageFailed: { code: 1011, label: 'storage_failed', reason: 'storage failed' },
  storageUnavailable: {
    code: 1013,
    label: 'storage_unavailable',
    reason: 'storage is recovering, try again',
  },
  slowReader: { code: 1013, label: 'slow_reader', reason: 'too many unsent bytes, try again' },
  serverBacklog: {
    code: 1013,
    label: 'server_backlog',
    reason: 'the server holds too many unsent bytes, try again',
  },
  addressBacklog: {
    code: 1013,
    label: 'address_backlog',
    reason: 'too many unsent bytes for one address, try again',
  },
  loadBacklog: {
    code: 1013,
    label: 'load_backlog',
    reason: 'too much sent while the room was loading, try again',
  },
  /** 4507 after HTTP 507 Insufficient Storage: an application code, since RFC 6455 has none. */
  storageFull: {
    code: 4507,
    label: 'storage_full',
    reason: 'server storage is full; new content is refused',
  },
  // An application code (4000–4999): the room is fine and so is the message, but storing it would
  // take the room over MAX_ROOM_BYTES. 4413 echoes HTTP 413 so a client can tell it apart.
  roomFull: { code: 4413, label: 'room_full', reason: 'room is full' },
} as const;

export type CloseReason = (typeof CloseReason)[keyof typeof CloseReason];

/**
 * A message that is well formed but refused by a limit or a policy: the connection is closed with
 * `reason`. Thrown by pure code and by rooms; the transport closes only the sender.
 */
export class RefusedError extends Error {
  override name = 'RefusedError';
  constructor(
    readonly reason: CloseReason,
    message: string,
  ) {
    super(message);
  }
}
