/**
 * y-protocols message ids: every frame starts with varUint(MessageType), a sync message then with
 * varUint(SyncStep). Byte layout in PROTOCOL.md; the relay's decoder and encoders are in
 * server/protocol/messages.ts, the app reads the relay's sync messages in
 * web/src/sync/server-knowledge.ts and frames its own in web/src/sync/outbox.ts.
 */
export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

export const SyncStep = { step1: 0, step2: 1, update: 2 } as const;
export type SyncStep = (typeof SyncStep)[keyof typeof SyncStep];
