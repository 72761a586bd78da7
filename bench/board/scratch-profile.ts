import { writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { startServer } from '../../e2e/support/server.ts';
import { cachedBoard } from './board-fixture.ts';
import { uploadBoard } from './relay-peer.ts';
const N = Number(process.argv[2] ?? 50000);
const { fixture } = await cachedBoard(N, '/tmp/whiteboard-bench-client/boards');
const server = await startServer({
  env: {
    MAX_PAYLOAD_BYTES: String(256 << 20),
    MAX_BUFFERED_BYTES: String(512 << 20),
    RATE_LIMIT_BYTES_PER_SECOND: String(1 << 30),
    STATIC_DIR: '/tmp/whiteboard-bench-client/app',
  },
});
const room = `prof-${Date.now()}`;
const pen = await uploadBoard(server.url, room, fixture.update, N);
pen.leave();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Network.enable');
const t0 = Date.now();
cdp.on('Network.webSocketCreated', (e) => console.log('ws created', Date.now() - t0, e.url));
cdp.on('Network.webSocketFrameReceived', (e) => {
  if (e.response.payloadData.length > 10000)
    console.log('ws frame', Date.now() - t0, e.response.payloadData.length);
});
cdp.on('Network.webSocketFrameSent', (e) =>
  console.log('ws sent', Date.now() - t0, e.response.payloadData.length),
);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
await cdp.send('Profiler.start');
const t = Date.now();
await page.goto(`${server.url}/r/${room}`, { waitUntil: 'commit' });
await page.waitForFunction((n) => window.__whiteboard?.strokeCount === n, N, {
  timeout: 120000,
  polling: 200,
});
console.log('loaded in', Date.now() - t);
const { profile } = await cdp.send('Profiler.stop');
// self time by function
const self = new Map<string, number>();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas ?? [];
profile.samples?.forEach((id, i) => {
  const n = byId.get(id)!;
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
});
console.log(
  [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([k, v]) => `${v.toFixed(0).padStart(7)} ms ${k}`)
    .join('\n'),
);
writeFileSync('/tmp/load.cpuprofile', JSON.stringify(profile));
await browser.close();
await server.stop();
