/**
 * Every reason the relay closes a WebSocket, with the close code it sends, the reason text sent
 * with it, and the label its logs and metrics use. Codes follow RFC 6455 where one fits; 4xxx are
 * application codes. What the app does on each code: web/src/sync/refusal.ts (CLOSE_HANDLING),
 * and PROTOCOL.md.
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
  /** Several instances (issue 12): Redis, their shared log and fan-out, is unreachable. */
  redisUnavailable: {
    code: 1013,
    label: 'redis_unavailable',
    reason: 'the shared store is unreachable, try again',
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
  // Application codes after HTTP 401 and 403, sent right after the upgrade completes, since a
  // refused upgrade reaches browser code only as 1006 and the stock client retries it forever.
  linkUnknown: { code: 4401, label: 'link_unknown', reason: 'no such link' },
  linkRevoked: { code: 4403, label: 'link_revoked', reason: 'this link was revoked' },
  linkExpired: { code: 4403, label: 'link_expired', reason: 'this link has expired' },
  // The credential modes (ACCESS_MODE links and token): a bare room name is no capability.
  credentialMissing: {
    code: 4401,
    label: 'credential_missing',
    reason: 'this server needs a link, a token or a ticket',
  },
  tokenInvalid: { code: 4401, label: 'token_invalid', reason: 'the token is not valid' },
  ticketInvalid: {
    code: 4401,
    label: 'ticket_invalid',
    reason: 'the ticket is unknown, used or expired',
  },
  tokenExpired: { code: 4403, label: 'token_expired', reason: 'the token has expired' },
  credentialOtherRoom: {
    code: 4403,
    label: 'credential_other_room',
    reason: 'the credential is for another room',
  },
  // Authorship: Yjs names every change by (client id, clock); a client id belongs to the identity
  // that first wrote under it, and an update extending another identity's client id is refused.
  clientOwned: {
    code: 4409,
    label: 'client_owned',
    reason: "update writes under another person's Yjs client id",
  },
} as const;

export type CloseReason = (typeof CloseReason)[keyof typeof CloseReason];

/** A close code the relay sends itself. */
export type RelayCloseCode = CloseReason['code'];

/**
 * Close codes `ws` sends by itself, before the relay sees a frame: 1002 for a frame that breaks
 * RFC 6455 (no browser sends one); its 1007 (text that is not UTF-8) and 1009 (a frame over
 * MAX_PAYLOAD_BYTES) are codes of CloseReason too.
 */
export const LibraryCloseCode = { protocolError: 1002 } as const;

/** Every close code a client of the relay can receive from it. */
export type ServerCloseCode =
  RelayCloseCode | (typeof LibraryCloseCode)[keyof typeof LibraryCloseCode];

/** The same codes at run time, each once. */
export const SERVER_CLOSE_CODES: readonly ServerCloseCode[] = [
  ...new Set<ServerCloseCode>([
    ...Object.values(CloseReason).map((reason) => reason.code),
    ...Object.values(LibraryCloseCode),
  ]),
].sort((a, b) => a - b);
