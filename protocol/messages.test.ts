import * as syncProtocol from 'y-protocols/sync';
import * as authProtocol from 'y-protocols/auth';
import * as yWebsocket from 'y-websocket';
import { describe, expect, it } from 'vitest';
import { MessageType, SyncStep } from './messages.ts';

describe('message ids', () => {
  it('are the ids the stock y-websocket client speaks', () => {
    expect(MessageType).toEqual({
      sync: yWebsocket.messageSync,
      awareness: yWebsocket.messageAwareness,
      auth: yWebsocket.messageAuth,
      queryAwareness: yWebsocket.messageQueryAwareness,
    });
  });

  it('number the sync steps as y-protocols does', () => {
    expect(SyncStep).toEqual({
      step1: syncProtocol.messageYjsSyncStep1,
      step2: syncProtocol.messageYjsSyncStep2,
      update: syncProtocol.messageYjsUpdate,
    });
    expect(authProtocol.messagePermissionDenied).toBe(0);
  });
});
