import { describe, expect, it } from 'vitest';
import {
  answerOf,
  requestTicket,
  socketAddress,
  ticketRequest,
  type SocketTarget,
} from './tickets.ts';

const page = { protocol: 'https:', host: 'board.example' };
const room: SocketTarget = { kind: 'room', room: 'team', token: null };
const tokenRoom: SocketTarget = { kind: 'room', room: 'team', token: 'h.p.s' };
const link: SocketTarget = { kind: 'link', id: 'LinkId_0123456789abcd' };
const TICKET = 'T1cket_0123456789abcdef';

describe('asking for a ticket', () => {
  it('names the room and the device; a room page with no token sends no Authorization', () => {
    const init = ticketRequest(room, 'device-key-0123456789');
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({
      room: 'team',
      device: 'device-key-0123456789',
    });
    expect(init.headers).toEqual({ 'content-type': 'application/json' });
  });

  it('carries a token or a link id as the Bearer, and a link never names its room', () => {
    expect(ticketRequest(tokenRoom, 'd').headers).toMatchObject({ authorization: 'Bearer h.p.s' });
    const init = ticketRequest(link, 'd');
    expect(init.headers).toMatchObject({ authorization: `Bearer ${link.id}` });
    expect(JSON.parse(String(init.body))).toEqual({ device: 'd' });
  });

  it('reads the ticket from a 201', async () => {
    const answer = await answerOf(201, async () => ({ ticket: TICKET, expiresAt: 'x' }));
    expect(answer).toEqual({ kind: 'ticket', ticket: TICKET });
  });

  it('tells an older relay (404) from a denial (401, 403) and a busy one', async () => {
    const body = async () => ({});
    expect(await answerOf(404, body)).toEqual({ kind: 'unsupported' });
    expect(await answerOf(401, body)).toEqual({ kind: 'denied', status: 401 });
    expect(await answerOf(403, body)).toEqual({ kind: 'denied', status: 403 });
    for (const status of [429, 500, 503, 400]) {
      expect(await answerOf(status, body), `${status}`).toEqual({ kind: 'busy' });
    }
  });

  it('puts nothing odd into a URL: a ticket that is no base64url is no ticket', async () => {
    for (const ticket of ['a/b?c=d&e', 'short', 42, null]) {
      expect(await answerOf(201, async () => ({ ticket }))).toEqual({ kind: 'busy' });
    }
    const unreadable = async () => Promise.reject(new SyntaxError('not JSON'));
    expect(await answerOf(201, unreadable)).toEqual({ kind: 'busy' });
  });

  it('survives the network failing', async () => {
    const failing = async () => Promise.reject(new TypeError('Failed to fetch'));
    expect(await requestTicket(room, 'd', failing)).toEqual({ kind: 'unavailable' });
  });
});

describe('where an attempt connects', () => {
  it('opens a room with its ticket', () => {
    expect(socketAddress(room, TICKET, page)).toEqual({
      serverUrl: 'wss://board.example/ws',
      roomname: 'team',
      params: { ticket: TICKET },
    });
  });

  it('opens a link through /ws/link/ticket, so the link id is in no URL', () => {
    const address = socketAddress(link, TICKET, page);
    expect(address).toEqual({
      serverUrl: 'wss://board.example/ws/link',
      roomname: 'ticket',
      params: { ticket: TICKET },
    });
    expect(JSON.stringify(address)).not.toContain(link.id);
  });

  it('without a ticket, connects as before tickets, and never puts a token into the URL', () => {
    expect(socketAddress(link, null, page)).toEqual({
      serverUrl: 'wss://board.example/ws/link',
      roomname: link.id,
      params: {},
    });
    const address = socketAddress(tokenRoom, null, { protocol: 'http:', host: 'h:1' });
    expect(address).toEqual({ serverUrl: 'ws://h:1/ws', roomname: 'team', params: {} });
  });
});
