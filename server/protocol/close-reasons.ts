/**
 * Every reason the server closes a connection, with the WebSocket close code it sends and the
 * label used in logs and metrics. Codes follow RFC 6455 where one fits.
 */
export const CloseReason = {
  goingAway: { code: 1001, label: 'going_away', reason: 'server shutting down' },
  unsupportedData: { code: 1003, label: 'unsupported_data', reason: 'unsupported message' },
  invalidPayload: { code: 1007, label: 'invalid_payload', reason: 'malformed message' },
  rateLimited: { code: 1008, label: 'rate_limited', reason: 'message rate limit exceeded' },
  presenceLimit: {
    code: 1008,
    label: 'presence_limit',
    reason: 'too many presence states for one connection',
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
  slowReader: { code: 1013, label: 'slow_reader', reason: 'too many unsent bytes, try again' },
  loadBacklog: {
    code: 1013,
    label: 'load_backlog',
    reason: 'too much sent while the room was loading, try again',
  },
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
