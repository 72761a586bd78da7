import { describe, expect, it } from 'vitest';
import { CloseReason } from '../../../protocol/close-reasons.ts';
import { TICKET_RETRIES, TicketRetries, accessCloseOf } from './ticket-retry.ts';

describe('closes about access', () => {
  it('tells a refused ticket and a missing credential from other 4401s by their reason', () => {
    const { ticketInvalid, credentialMissing, linkUnknown, tokenInvalid } = CloseReason;
    expect(accessCloseOf(ticketInvalid.code, ticketInvalid.reason)).toBe('ticket-refused');
    expect(accessCloseOf(credentialMissing.code, credentialMissing.reason)).toBe(
      'credential-missing',
    );
    expect(accessCloseOf(linkUnknown.code, linkUnknown.reason)).toBe('other');
    expect(accessCloseOf(tokenInvalid.code, tokenInvalid.reason)).toBe('other');
    expect(accessCloseOf(1006, '')).toBe('other');
    expect(accessCloseOf(undefined, undefined)).toBe('other');
  });
});

describe('retrying a refused ticket', () => {
  it(`tries a fresh ticket ${TICKET_RETRIES} times in a row, then gives up`, () => {
    const retries = new TicketRetries();
    const answers = Array.from({ length: TICKET_RETRIES + 1 }, () => retries.refused());
    expect(answers).toEqual([...Array<boolean>(TICKET_RETRIES).fill(true), false]);
  });

  it('starts counting afresh once a connection synced', () => {
    const retries = new TicketRetries();
    for (let i = 0; i < TICKET_RETRIES; i++) retries.refused();
    retries.synced();
    expect(retries.refused()).toBe(true);
  });
});
