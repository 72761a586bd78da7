import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { uniqueRoom } from './support/board.ts';

/**
 * Another site's page cannot open a board its visitor's browser reaches: Chromium sends the
 * page's Origin with the upgrade, and the relay refuses it before any WebSocket exists.
 */
test("another site's page cannot open a WebSocket to the relay; the relay's own page can", async ({
  page,
  server,
}) => {
  const elsewhere = await otherSite();
  try {
    const room = uniqueRoom('origin');
    await page.goto(elsewhere.url);
    expect(await socketOutcome(page, `${server.wsUrl}/${room}`)).toBe('refused');
    // Refused for its Origin (403), not for anything else the relay checks.
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^relay_upgrades_refused_total\{status="403"\} 1$/m);

    await page.goto(`${server.url}/healthz`);
    expect(await socketOutcome(page, `${server.wsUrl}/${room}`)).toBe('opened');
  } finally {
    await new Promise((resolve) => elsewhere.server.close(resolve));
  }
});

/** A blank page on another port of this machine: another origin. */
async function otherSite(): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><title>elsewhere</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** Whether a WebSocket from the page opens, or closes without ever opening. */
function socketOutcome(page: Page, url: string): Promise<'opened' | 'refused'> {
  return page.evaluate(
    (target) =>
      new Promise<'opened' | 'refused'>((resolve) => {
        const socket = new WebSocket(target);
        socket.onopen = () => {
          socket.close();
          resolve('opened');
        };
        socket.onclose = () => resolve('refused');
      }),
    url,
  );
}
