import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { get } from 'node:https';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as connectTls } from 'node:tls';
import { afterEach, describe, expect, it, type TestContext } from 'vitest';
import { stockClient, synced, waitFor, type StockClient } from '../test-support/clients.ts';
import { startRelay, type LogRecord, type RelayProcess } from '../test-support/relay-process.ts';
import { opensslMissing, selfSigned, type SelfSigned } from '../test-support/self-signed.ts';
import { removeDir, startTestServer, type TestServer } from '../test-support/server.ts';

// The relay serves https and wss on its one port with TLS_CERT_FILE and TLS_KEY_FILE, and takes
// a renewed certificate on SIGHUP without a restart. Certificates are made by openssl, as an
// operator would; without it every test here is skipped, saying so.

const clients: StockClient[] = [];
const dirs: string[] = [];
const servers: TestServer[] = [];
const relays: RelayProcess[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const server of servers.splice(0)) await server.close();
  for (const relay of relays.splice(0)) {
    await relay.stop();
    await removeDir(relay.dataDir);
  }
  for (const dir of dirs.splice(0)) await removeDir(dir);
});

/** A temp folder with two certificates for 127.0.0.1, or a skip saying why there are none. */
async function certificates(
  ctx: TestContext,
): Promise<{ dir: string; first: SelfSigned; second: SelfSigned }> {
  if (opensslMissing) ctx.skip(opensslMissing);
  const dir = await mkdtemp(join(tmpdir(), 'wb-tls-'));
  dirs.push(dir);
  const [first, second] = await Promise.all([selfSigned(dir, 'first'), selfSigned(dir, 'second')]);
  return { dir, first, second };
}

function client(wsUrl: string, room: string, ca: readonly string[]): StockClient {
  const made = stockClient(wsUrl, room, undefined, { ca });
  clients.push(made);
  return made;
}

/** GET over https, trusting only `ca`; a fresh connection each time (no keep-alive pool). */
function httpsGet(
  url: string,
  ca: readonly string[],
): Promise<{ status: number; body: string; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = get(url, { ca: [...ca], agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body, headers: response.headers }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/** The SHA-256 fingerprint of the certificate a new TLS connection to `port` is shown. */
function servedFingerprint(port: number, ca: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connectTls({ host: '127.0.0.1', port, ca: [...ca] }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.on('error', reject);
  });
}

/** Two stock clients in `room`: one draws, the other sees it. */
async function syncs(wsUrl: string, room: string, ca: readonly string[]): Promise<void> {
  const alice = client(wsUrl, room, ca);
  const bob = client(wsUrl, room, ca);
  await waitFor(synced(alice), 'alice to sync');
  await waitFor(synced(bob), 'bob to sync');
  const note = `note-${clients.length}`;
  alice.doc.getMap('notes').set(note, 'drawn');
  await waitFor(() => bob.doc.getMap('notes').get(note) === 'drawn', 'bob to see the note');
}

describe('the relay with TLS_CERT_FILE and TLS_KEY_FILE', () => {
  async function tlsServer(ctx: TestContext): Promise<{ server: TestServer; cert: SelfSigned }> {
    const { first } = await certificates(ctx);
    const server = await startTestServer({
      TLS_CERT_FILE: first.certFile,
      TLS_KEY_FILE: first.keyFile,
    });
    servers.push(server);
    return { server, cert: first };
  }

  it('answers /healthz over https, to a client that trusts its certificate', async (ctx) => {
    const { server, cert } = await tlsServer(ctx);
    expect(server.url).toBe(`https://127.0.0.1:${server.port}`);
    const health = await httpsGet(`${server.url}/healthz`, [cert.cert]);
    expect(health.status).toBe(200);
    // Browsers keep to https for a year; other hosts of the operator's domain are left alone.
    expect(health.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('syncs stock y-websocket clients over wss:// on the same port', async (ctx) => {
    const { server, cert } = await tlsServer(ctx);
    expect(server.wsUrl).toBe(`wss://127.0.0.1:${server.port}/ws`);
    await syncs(server.wsUrl, 'over-tls', [cert.cert]);
  });

  it('is not stopped by plain HTTP sent to its TLS port', async (ctx) => {
    const { server, cert } = await tlsServer(ctx);
    await new Promise<void>((resolve, reject) => {
      const socket = connectTcp(server.port, '127.0.0.1', () => {
        socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      });
      // Node ends a socket whose handshake fails; all that matters is that it does end.
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
      socket.setTimeout(5000, () =>
        reject(new Error('the TLS port kept a plain-HTTP socket open')),
      );
      socket.resume();
    });
    expect((await httpsGet(`${server.url}/healthz`, [cert.cert])).status).toBe(200);
  });
});

describe('a renewed certificate, on SIGHUP', () => {
  const reloadLogs = (relay: RelayProcess, msg: string): LogRecord[] =>
    relay.logs.filter((record) => record.msg === msg);
  const RELOADED = 'TLS certificate reloaded';
  const KEPT = 'TLS certificate reload failed; still serving the previous certificate';

  it('is served to new connections while open ones keep syncing; a broken one is refused and the old kept', async (ctx) => {
    const { dir, first, second } = await certificates(ctx);
    // The files the relay is told about; renewals are copied over them, as certbot's hooks do.
    const certFile = join(dir, 'served.cert.pem');
    const keyFile = join(dir, 'served.key.pem');
    await copyFile(first.certFile, certFile);
    await copyFile(first.keyFile, keyFile);
    const relay = await startRelay({ env: { TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile } });
    relays.push(relay);
    const ca = [first.cert, second.cert];

    // `npm start` says where it serves, https included.
    const listening = relay.logs.find((record) => record.msg === 'listening');
    expect(listening?.url).toBe(`https://127.0.0.1:${relay.port}`);
    expect(await servedFingerprint(relay.port, ca)).toBe(first.fingerprint256);
    const early = client(relay.wsUrl, 'renewal', [first.cert]);
    await waitFor(synced(early), 'a client to sync before the renewal');

    await copyFile(second.certFile, certFile);
    await copyFile(second.keyFile, keyFile);
    relay.process.kill('SIGHUP');
    await waitFor(() => reloadLogs(relay, RELOADED).length === 1, 'the reload to be logged');

    expect(await servedFingerprint(relay.port, ca)).toBe(second.fingerprint256);
    // A client that trusts only the new certificate connects and syncs with the one that
    // connected under the old: the renewal needed no restart and dropped nobody.
    const late = client(relay.wsUrl, 'renewal', [second.cert]);
    await waitFor(synced(late), 'a client to sync after the renewal');
    early.doc.getMap('notes').set('after-renewal', 'drawn');
    await waitFor(
      () => late.doc.getMap('notes').get('after-renewal') === 'drawn',
      'the new client to see a note from the old one',
    );

    // A renewal that went wrong: the certificate file is no certificate.
    await writeFile(certFile, 'not a certificate\n');
    relay.process.kill('SIGHUP');
    await waitFor(() => reloadLogs(relay, KEPT).length === 1, 'the failed reload to be logged');
    const [failure] = reloadLogs(relay, KEPT);
    expect(failure).toMatchObject({ level: 50, variable: 'TLS_CERT_FILE', file: certFile });
    expect(relay.hasExited()).toBe(false);
    expect(await servedFingerprint(relay.port, ca)).toBe(second.fingerprint256);
    expect((await httpsGet(`${relay.url}/healthz`, [second.cert])).status).toBe(200);
  });

  it('stops a start whose certificate file is missing, naming TLS_CERT_FILE', async (ctx) => {
    const { dir, first } = await certificates(ctx);
    const missing = join(dir, 'missing.cert.pem');
    await expect(
      startRelay({ env: { TLS_CERT_FILE: missing, TLS_KEY_FILE: first.keyFile } }),
    ).rejects.toThrow(
      /exited with 2[\s\S]*Invalid configuration: TLS_CERT_FILE: .*missing\.cert\.pem: cannot be read/,
    );
  });
});
