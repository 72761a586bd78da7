import { afterEach, describe, expect, it } from 'vitest';
import { get as httpGet } from 'node:http';
import type WebSocket from 'ws';
import { waitFor } from '../test-support/clients.ts';
import { upgradeRefusal } from '../test-support/raw-socket.ts';
import {
  Relay,
  expectRoomStillServes,
  metricValue,
  twoPeopleDrawing,
} from '../test-support/relay-harness.ts';

/**
 * Which pages may open the relay's WebSocket, on a real server: the Origin a browser sends with
 * every upgrade, set here on a bare ws client as a browser would. Stock clients under Node send
 * none.
 */
const ROOM = 'lobby';

let relay: Relay | undefined;
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});

const ownOrigin = (current: Relay): string => `http://127.0.0.1:${current.server.port}`;

/** Opens a bare socket in `room` with these options; resolves once the room's state arrived. */
async function joinsWith(current: Relay, options: WebSocket.ClientOptions): Promise<void> {
  const socket = await current.raw(ROOM, options);
  await waitFor(() => socket.received.length > 0, 'the room answers the newcomer');
}

describe('the Origin of an upgrade', () => {
  it("refuses another site's page with 403, counted, and everyone else keeps drawing", async () => {
    relay = await Relay.start();
    const pair = await twoPeopleDrawing(relay, ROOM);

    for (const origin of [
      'https://evil.example',
      'null',
      `https://127.0.0.1:${relay.server.port}`,
    ]) {
      const refusal = await upgradeRefusal(relay.roomUrl(ROOM), { origin });
      expect(refusal.status, origin).toBe(403);
    }
    expect(await metricValue(relay.server, 'relay_upgrades_refused_total', { status: '403' })).toBe(
      3,
    );
    await expectRoomStillServes(relay, ROOM, pair);
  });

  it("lets a page of the relay's own origin in, and a program that sends no Origin", async () => {
    relay = await Relay.start();
    await joinsWith(relay, { origin: ownOrigin(relay) });
    // The stock y-websocket client under Node sends no Origin.
    await twoPeopleDrawing(relay, ROOM);
  });

  it('lets a page of a listed origin in, and no other', async () => {
    relay = await Relay.start({ ALLOWED_ORIGINS: 'https://app.example, http://localhost:5173' });
    await joinsWith(relay, { origin: 'https://app.example' });
    await joinsWith(relay, { origin: 'http://localhost:5173' });
    expect(
      (await upgradeRefusal(relay.roomUrl(ROOM), { origin: 'https://evil.example' })).status,
    ).toBe(403);
    expect(
      (await upgradeRefusal(relay.roomUrl(ROOM), { origin: 'http://localhost:5174' })).status,
    ).toBe(403);
  });

  it('takes the origin a trusted TLS proxy forwarded as its own, and nobody else’s word for it', async () => {
    const behindProxy = {
      origin: 'https://board.example',
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'board.example' },
    };
    relay = await Relay.start();
    expect((await upgradeRefusal(relay.roomUrl(ROOM), behindProxy)).status).toBe(403);
    await relay.stop();

    relay = await Relay.start({ TRUST_PROXY: '127.0.0.1' });
    await joinsWith(relay, behindProxy);
    const elsewhere = { ...behindProxy, origin: 'https://evil.example' };
    expect((await upgradeRefusal(relay.roomUrl(ROOM), elsewhere)).status).toBe(403);
  });
});

describe('PUBLIC_ORIGIN', () => {
  // A page on a name the attacker points at the relay's address (DNS rebinding) sends a Host
  // and an Origin that agree: only a fixed public origin tells it apart.
  const rebound = { origin: 'http://rebound.example', headers: { host: 'rebound.example' } };

  it('lets a rebound page in when unset (the gap it closes)', async () => {
    relay = await Relay.start();
    await joinsWith(relay, rebound);
  });

  it('answers 421 to requests for another host, upgrades and pages alike, and serves its own', async () => {
    relay = await Relay.start({ PUBLIC_ORIGIN: 'http://rebound-free.example' });
    const { port } = relay.server;
    expect((await upgradeRefusal(relay.roomUrl(ROOM), rebound)).status).toBe(421);
    // The address itself is another host too: only the public name is served.
    expect((await upgradeRefusal(relay.roomUrl(ROOM), { origin: ownOrigin(relay) })).status).toBe(
      421,
    );
    await joinsWith(relay, {
      origin: 'http://rebound-free.example',
      headers: { host: 'rebound-free.example' },
    });
    // Its own Host with another page's Origin is still another site's page.
    expect(
      (
        await upgradeRefusal(relay.roomUrl(ROOM), {
          origin: `http://127.0.0.1:${port}`,
          headers: { host: 'rebound-free.example' },
        })
      ).status,
    ).toBe(403);

    const page = (host: string, path = '/r/lobby') =>
      fetchWithHost(`http://127.0.0.1:${port}${path}`, host);
    expect((await page('rebound.example')).status).toBe(421);
    expect((await page('rebound.example', '/api/rooms/lobby/links')).status).toBe(421);
    // Its own host reaches the routes (no such link: 404, not 421).
    expect((await page('rebound-free.example', '/api/links/AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(
      404,
    );
    // Probes are asked by address.
    expect((await page(`127.0.0.1:${port}`, '/healthz')).status).toBe(200);
    await twoPeopleDrawingWithHost(relay);
  });
});

/** fetch cannot set Host; node:http can. */
function fetchWithHost(url: string, host: string): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const request = httpGet(url, { headers: { host } }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
    });
    request.on('error', reject);
  });
}

/** Stock clients under Node send the address as Host: with PUBLIC_ORIGIN they must name it. */
async function twoPeopleDrawingWithHost(current: Relay): Promise<void> {
  const socket = await current.raw(ROOM, { headers: { host: 'rebound-free.example' } });
  await waitFor(() => socket.received.length > 0, 'the room answers a client naming the host');
}
