import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { newKeyPair } from './test-support/tokens.ts';
import { opensslMissing, selfSigned, type SelfSigned } from './test-support/self-signed.ts';
import { ConfigError, DEFAULTS, LOG_LEVELS, loadConfig, type Config } from './config.ts';

const MiB = 1024 * 1024;

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

/** Every whole-number variable with the range loadConfig accepts and the field it fills. */
const INTEGERS: ReadonlyArray<readonly [keyof typeof DEFAULTS, keyof Config, number, number]> = [
  ['PORT', 'port', 0, 65535],
  ['MAX_PAYLOAD_BYTES', 'maxPayload', 1024, 512 * MiB],
  ['RATE_LIMIT_PER_SECOND', 'rateLimitPerSecond', 1, Number.MAX_SAFE_INTEGER],
  ['RATE_LIMIT_BURST', 'rateLimitBurst', 1, Number.MAX_SAFE_INTEGER],
  ['RATE_LIMIT_BYTES_PER_SECOND', 'rateLimitBytesPerSecond', 1024, Number.MAX_SAFE_INTEGER],
  ['MAX_BUFFERED_BYTES', 'maxBufferedBytes', 64 * 1024, Number.MAX_SAFE_INTEGER],
  ['MAX_CONNECTIONS', 'maxConnections', 1, Number.MAX_SAFE_INTEGER],
  ['MAX_CONNECTIONS_PER_ROOM', 'maxConnectionsPerRoom', 1, Number.MAX_SAFE_INTEGER],
  ['HEARTBEAT_MS', 'heartbeatMs', 100, Number.MAX_SAFE_INTEGER],
  ['MAX_PRESENCE_STATE_BYTES', 'maxPresenceStateBytes', 256, 1024 * 1024],
  ['MAX_PRESENCE_CLIENTS_PER_CONNECTION', 'maxPresenceClientsPerConnection', 1, 1000],
  ['MAX_NEW_CLIENTS_PER_CONNECTION', 'maxNewClientsPerConnection', 1, 100_000],
  ['MAX_ROOM_BYTES', 'maxRoomBytes', 64 * 1024, Number.MAX_SAFE_INTEGER],
  ['MAX_ROOM_PRESENCE_BYTES', 'maxRoomPresenceBytes', 1024, 1024 * MiB],
  ['ANSWER_BURST_FULL_STATES', 'answerBurstFullStates', 1, 1000],
  ['ANSWER_REFILL_SECONDS', 'answerRefillSeconds', 1, 86_400],
  ['COMPACT_AFTER_UPDATES', 'compactAfterUpdates', 1, Number.MAX_SAFE_INTEGER],
  ['COMPACT_AFTER_BYTES', 'compactAfterBytes', 1024, Number.MAX_SAFE_INTEGER],
  ['ROOM_IDLE_UNLOAD_MS', 'roomIdleUnloadMs', 0, Number.MAX_SAFE_INTEGER],
  ['VERSION_IDLE_MS', 'versionIdleMs', 10, 7 * 24 * 3_600_000],
  ['VERSION_KEEP_ALL_HOURS', 'versionKeepAllHours', 0, 24 * 3650],
  ['VERSION_KEEP_HOURLY_DAYS', 'versionKeepHourlyDays', 0, 3650],
  ['MAX_CONNECTIONS_PER_IP', 'maxConnectionsPerIp', 1, Number.MAX_SAFE_INTEGER],
  ['MAX_ROOM_SHARE_PER_IP', 'maxRoomSharePerIp', 1, 100],
  ['UPGRADES_PER_SECOND_PER_IP', 'upgradesPerSecondPerIp', 1, Number.MAX_SAFE_INTEGER],
  ['NEW_ROOMS_PER_MINUTE_PER_IP', 'newRoomsPerMinutePerIp', 1, Number.MAX_SAFE_INTEGER],
  ['MAX_TOTAL_BUFFERED_BYTES', 'maxTotalBufferedBytes', 64 * 1024, Number.MAX_SAFE_INTEGER],
  ['MAX_BUFFERED_BYTES_PER_IP', 'maxBufferedBytesPerIp', 64 * 1024, Number.MAX_SAFE_INTEGER],
  [
    'ROOM_RATE_LIMIT_BYTES_PER_SECOND',
    'roomRateLimitBytesPerSecond',
    1024,
    Number.MAX_SAFE_INTEGER,
  ],
  ['IP_RATE_LIMIT_BYTES_PER_SECOND', 'ipRateLimitBytesPerSecond', 1024, Number.MAX_SAFE_INTEGER],
  ['MAX_DATA_BYTES', 'maxDataBytes', 0, Number.MAX_SAFE_INTEGER],
  ['METRICS_PORT', 'metricsPort', 0, 65535],
];

describe('loadConfig', () => {
  it('has a test for every variable it reads', () => {
    const covered = [
      ...INTEGERS.map(([variable]) => variable),
      'HOST',
      'DATA_DIR',
      'LOG_LEVEL',
      'STATIC_DIR',
      'TRUST_PROXY',
      'METRICS_HOST',
      'METRICS_TOKEN',
      'ALLOWED_ORIGINS',
      'PUBLIC_ORIGIN',
      'FRAME_ANCESTORS',
      'TLS_CERT_FILE',
      'TLS_KEY_FILE',
      'ACCESS_MODE',
      'AUTH_SECRET',
      'AUTH_PUBLIC_KEY',
      'AUTH_AUDIENCE',
      'AUTH_ISSUER',
      'REDIS_URL',
    ];
    expect(covered.sort()).toEqual(Object.keys(DEFAULTS).sort());
  });

  it('fills every field from the defaults when the environment is empty', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      dataDir: resolve('./data'),
      logLevel: 'info',
      maxPayload: 4 * MiB,
      rateLimitPerSecond: 1000,
      rateLimitBurst: 5000,
      rateLimitBytesPerSecond: 8 * MiB,
      maxBufferedBytes: 16 * MiB,
      maxConnections: 10_000,
      maxConnectionsPerRoom: 500,
      heartbeatMs: 30_000,
      maxPresenceStateBytes: 8192,
      maxPresenceClientsPerConnection: 8,
      maxNewClientsPerConnection: 64,
      maxRoomBytes: 64 * MiB,
      maxRoomPresenceBytes: MiB,
      answerBurstFullStates: 4,
      answerRefillSeconds: 30,
      compactAfterUpdates: 1000,
      compactAfterBytes: 4 * MiB,
      roomIdleUnloadMs: 30_000,
      versionIdleMs: 300_000,
      versionKeepAllHours: 24,
      versionKeepHourlyDays: 30,
      staticDir: resolve('./dist'),
      trustProxy: [],
      maxConnectionsPerIp: 50,
      maxRoomSharePerIp: 10,
      upgradesPerSecondPerIp: 20,
      newRoomsPerMinutePerIp: 30,
      maxTotalBufferedBytes: 256 * MiB,
      maxBufferedBytesPerIp: 64 * MiB,
      roomRateLimitBytesPerSecond: 1 * MiB,
      ipRateLimitBytesPerSecond: 16 * MiB,
      maxDataBytes: 0,
      metricsPort: null,
      metricsHost: '127.0.0.1',
      metricsToken: null,
      allowedOrigins: new Set(),
      publicOrigin: null,
      frameAncestors: ["'self'"],
      tls: null,
      auth: { mode: 'open', tokenKey: null, audience: null, issuer: null },
      redis: null,
    });
  });

  it('takes REDIS_URL as one Redis server or a cluster, and names it when it is wrong', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6380' }).redis).toEqual({
      kind: 'single',
      node: { host: '127.0.0.1', port: 6380 },
      db: 0,
      url: 'redis://127.0.0.1:6380',
    });
    expect(loadConfig({ REDIS_URL: 'redis://a:7000,b:7001' }).redis).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'a', port: 7000 },
        { host: 'b', port: 7001 },
      ],
    });
    expect(() => loadConfig({ REDIS_URL: 'http://a:1' })).toThrow(/^REDIS_URL: /);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', LOG_LEVEL: '', HOST: '', DATA_DIR: '' })).toEqual(loadConfig({}));
  });

  it('returns a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => Object.assign(config, { port: 1 })).toThrow(TypeError);
  });

  it('reads every variable it is given', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATA_DIR: '/var/lib/board',
      LOG_LEVEL: 'debug',
      MAX_PAYLOAD_BYTES: '65536',
      RATE_LIMIT_PER_SECOND: '50',
      RATE_LIMIT_BURST: '100',
      RATE_LIMIT_BYTES_PER_SECOND: '16384',
      MAX_BUFFERED_BYTES: '65536',
      MAX_CONNECTIONS: '10',
      MAX_CONNECTIONS_PER_ROOM: '2',
      HEARTBEAT_MS: '200',
      MAX_PRESENCE_STATE_BYTES: '4096',
      MAX_PRESENCE_CLIENTS_PER_CONNECTION: '3',
      MAX_NEW_CLIENTS_PER_CONNECTION: '4',
      MAX_ROOM_BYTES: '1048576',
      MAX_ROOM_PRESENCE_BYTES: '65536',
      ANSWER_BURST_FULL_STATES: '2',
      ANSWER_REFILL_SECONDS: '60',
      COMPACT_AFTER_UPDATES: '5',
      COMPACT_AFTER_BYTES: '2048',
      ROOM_IDLE_UNLOAD_MS: '500',
      VERSION_IDLE_MS: '1000',
      VERSION_KEEP_ALL_HOURS: '2',
      VERSION_KEEP_HOURLY_DAYS: '3',
      STATIC_DIR: 'build',
      TRUST_PROXY: '10.0.0.1, 192.168.0.0/16 fd00::/8',
      MAX_CONNECTIONS_PER_IP: '7',
      MAX_ROOM_SHARE_PER_IP: '25',
      UPGRADES_PER_SECOND_PER_IP: '3',
      NEW_ROOMS_PER_MINUTE_PER_IP: '4',
      MAX_TOTAL_BUFFERED_BYTES: '1048576',
      MAX_BUFFERED_BYTES_PER_IP: '131072',
      ROOM_RATE_LIMIT_BYTES_PER_SECOND: '4096',
      IP_RATE_LIMIT_BYTES_PER_SECOND: '8192',
      MAX_DATA_BYTES: '1000000',
      METRICS_PORT: '9100',
      METRICS_HOST: '0.0.0.0',
      METRICS_TOKEN: 'a-long-enough-secret',
      ALLOWED_ORIGINS: 'https://App.example:443, http://localhost:5173',
      PUBLIC_ORIGIN: 'HTTPS://Board.example:443',
      FRAME_ANCESTORS: "'self' https://*.example.com",
      REDIS_URL: 'redis://10.0.0.9:6379',
    });
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/var/lib/board',
      logLevel: 'debug',
      maxPayload: 65536,
      rateLimitPerSecond: 50,
      rateLimitBurst: 100,
      rateLimitBytesPerSecond: 16384,
      maxBufferedBytes: 65536,
      maxConnections: 10,
      maxConnectionsPerRoom: 2,
      heartbeatMs: 200,
      maxPresenceStateBytes: 4096,
      maxPresenceClientsPerConnection: 3,
      maxNewClientsPerConnection: 4,
      maxRoomBytes: 1048576,
      maxRoomPresenceBytes: 65536,
      answerBurstFullStates: 2,
      answerRefillSeconds: 60,
      compactAfterUpdates: 5,
      compactAfterBytes: 2048,
      roomIdleUnloadMs: 500,
      versionIdleMs: 1000,
      versionKeepAllHours: 2,
      versionKeepHourlyDays: 3,
      staticDir: resolve('build'),
      trustProxy: [
        { network: '10.0.0.1', prefix: 32, family: 'ipv4' },
        { network: '192.168.0.0', prefix: 16, family: 'ipv4' },
        { network: 'fd00::', prefix: 8, family: 'ipv6' },
      ],
      maxConnectionsPerIp: 7,
      maxRoomSharePerIp: 25,
      upgradesPerSecondPerIp: 3,
      newRoomsPerMinutePerIp: 4,
      maxTotalBufferedBytes: 1048576,
      maxBufferedBytesPerIp: 131072,
      roomRateLimitBytesPerSecond: 4096,
      ipRateLimitBytesPerSecond: 8192,
      maxDataBytes: 1000000,
      metricsPort: 9100,
      metricsHost: '0.0.0.0',
      metricsToken: 'a-long-enough-secret',
      allowedOrigins: new Set(['https://app.example', 'http://localhost:5173']),
      publicOrigin: 'https://board.example',
      frameAncestors: ["'self'", 'https://*.example.com'],
      // Read from files, so tested below, with certificates made for the test.
      tls: null,
      auth: { mode: 'open', tokenKey: null, audience: null, issuer: null },
      redis: {
        kind: 'single',
        node: { host: '10.0.0.9', port: 6379 },
        db: 0,
        url: 'redis://10.0.0.9:6379',
      },
    });
  });

  it('trims whitespace around numbers', () => {
    expect(loadConfig({ PORT: ' 4000\n' }).port).toBe(4000);
  });

  it('accepts every log level', () => {
    for (const level of LOG_LEVELS) expect(loadConfig({ LOG_LEVEL: level }).logLevel).toBe(level);
  });

  describe.each(INTEGERS)('%s', (variable, field, min, max) => {
    it('accepts the ends of its range', () => {
      expect(loadConfig({ [variable]: String(min) })[field]).toBe(min);
      expect(loadConfig({ [variable]: String(max) })[field]).toBe(max);
    });

    it.each([
      ['a word', 'lots'],
      ['a negative number', '-1'],
      ['a fraction', '1.5'],
      ['an exponent', '1e3'],
      ['hex', '0x10'],
      ['a unit', '64KiB'],
      ['whitespace only', '   '],
    ])('names itself when given %s', (_what, raw) => {
      const error = configError({ [variable]: raw });
      expect(error.variable).toBe(variable);
      expect(error.message).toMatch(new RegExp(`^${variable}: expected a whole number`));
    });

    it('names itself when out of range', () => {
      const tooSmall = min > 0 ? String(min - 1) : null;
      const tooBig = max < Number.MAX_SAFE_INTEGER ? String(max + 1) : '99999999999999999999';
      for (const raw of [tooSmall, tooBig]) {
        if (raw === null) continue;
        const error = configError({ [variable]: raw });
        expect(error.variable).toBe(variable);
        expect(error.message).toMatch(
          new RegExp(`^${variable}: expected a number from ${min} to ${max}`),
        );
      }
    });
  });

  it('names LOG_LEVEL and lists the choices when it is unknown', () => {
    const error = configError({ LOG_LEVEL: 'verbose' });
    expect(error.variable).toBe('LOG_LEVEL');
    expect(error.name).toBe('ConfigError');
    expect(error.message).toBe(`LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}, got verbose`);
  });

  it.each([
    ['a host name', 'proxy.internal'],
    ['a prefix too long for IPv4', '10.0.0.0/33'],
    ['a prefix too long for IPv6', 'fd00::/129'],
    ['a prefix that is no number', '10.0.0.0/x'],
    ['two prefixes', '10.0.0.0/8/8'],
    ['a port', '10.0.0.1:8080'],
  ])('names TRUST_PROXY when an entry is %s', (_what, raw) => {
    const error = configError({ TRUST_PROXY: `127.0.0.1, ${raw}` });
    expect(error.variable).toBe('TRUST_PROXY');
    expect(error.message).toContain(JSON.stringify(raw));
  });

  it('takes IPv6 blocks in TRUST_PROXY', () => {
    expect(loadConfig({ TRUST_PROXY: '::1,2001:db8::/32' }).trustProxy).toEqual([
      { network: '::1', prefix: 128, family: 'ipv6' },
      { network: '2001:db8::', prefix: 32, family: 'ipv6' },
    ]);
  });

  it('refuses a short METRICS_TOKEN without repeating it', () => {
    const error = configError({ METRICS_TOKEN: 'hunter2' });
    expect(error.variable).toBe('METRICS_TOKEN');
    expect(error.message).not.toContain('hunter2');
    expect(configError({ METRICS_TOKEN: 'has a space in the middle' }).variable).toBe(
      'METRICS_TOKEN',
    );
  });

  it.each([
    ['a path', 'https://app.example/board'],
    ['no scheme', 'app.example'],
    ['another scheme', 'ws://app.example'],
    ['null', 'null'],
    ['a wildcard', 'https://*.example.com'],
  ])('names ALLOWED_ORIGINS when an entry is %s', (_what, raw) => {
    const error = configError({ ALLOWED_ORIGINS: `https://ok.example, ${raw}` });
    expect(error.variable).toBe('ALLOWED_ORIGINS');
    expect(error.message).toContain(JSON.stringify(raw));
  });

  it.each([
    ['a path', 'https://board.example/app'],
    ['no scheme', 'board.example'],
    ['two origins', 'https://a.example, https://b.example'],
  ])('names PUBLIC_ORIGIN when it is %s', (_what, raw) => {
    const error = configError({ PUBLIC_ORIGIN: raw });
    expect(error.variable).toBe('PUBLIC_ORIGIN');
    expect(error.message).toContain(JSON.stringify(raw));
  });

  it.each([
    ["'self'", ["'self'"]],
    ["'none'", ["'none'"]],
    ["'self' https:", ["'self'", 'https:']],
    ['https://host.example:8443/embed/', ['https://host.example:8443/embed/']],
    ['host.example *.example.org:*', ['host.example', '*.example.org:*']],
  ])('takes FRAME_ANCESTORS %s', (raw, sources) => {
    expect(loadConfig({ FRAME_ANCESTORS: raw }).frameAncestors).toEqual(sources);
  });

  it.each([
    ['a second directive', "'self'; script-src *"],
    ['an unknown keyword', "'unsafe-inline'"],
    ["'none' with others", "'none' https://a.example"],
    ['a quote', 'https://a.example/"x'],
    ['a name that is not ASCII', 'https://bücher.example'],
    ['a wildcard inside a name', 'https://a*.example'],
  ])('names FRAME_ANCESTORS when it holds %s', (_what, raw) => {
    expect(configError({ FRAME_ANCESTORS: raw }).variable).toBe('FRAME_ANCESTORS');
  });

  it('reports the first bad variable when several are bad', () => {
    expect(configError({ PORT: 'x', HEARTBEAT_MS: 'y' }).variable).toBe('PORT');
  });
});

describe('TLS_CERT_FILE and TLS_KEY_FILE', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wb-config-tls-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('are both needed: either alone names the other', () => {
    expect(configError({ TLS_CERT_FILE: '/etc/board/cert.pem' })).toMatchObject({
      variable: 'TLS_KEY_FILE',
      message: 'TLS_KEY_FILE: required when TLS_CERT_FILE is set',
    });
    expect(configError({ TLS_KEY_FILE: '/etc/board/key.pem' }).variable).toBe('TLS_CERT_FILE');
  });

  it('name the variable and the file that cannot be read', () => {
    const missing = join(dir, 'missing.pem');
    const error = configError({ TLS_CERT_FILE: missing, TLS_KEY_FILE: missing });
    expect(error.variable).toBe('TLS_CERT_FILE');
    expect(error.message).toContain(`${missing}: cannot be read`);
    // A folder is no file: as unreadable as one without permission (tests run as root here).
    const notAFile = configError({ TLS_CERT_FILE: missing, TLS_KEY_FILE: dir });
    expect(notAFile.variable).toBe('TLS_CERT_FILE');
  });

  describe.skipIf(opensslMissing !== null)(
    `with certificates made by openssl${opensslMissing ? ` (skipped: ${opensslMissing})` : ''}`,
    () => {
      let good: SelfSigned;
      let other: SelfSigned;
      beforeAll(async () => {
        [good, other] = await Promise.all([selfSigned(dir, 'good'), selfSigned(dir, 'other')]);
      });

      it('reads a certificate and its key, resolving their paths', () => {
        const { tls } = loadConfig({ TLS_CERT_FILE: good.certFile, TLS_KEY_FILE: good.keyFile });
        expect(tls?.files).toEqual({ certFile: good.certFile, keyFile: good.keyFile });
        expect(tls?.fingerprint256).toBe(good.fingerprint256);
        expect(tls?.cert).toBe(good.cert);
      });

      it('never show the private key when the configuration is printed', async () => {
        const config = loadConfig({ TLS_CERT_FILE: good.certFile, TLS_KEY_FILE: good.keyFile });
        const keyBody = (await readFile(good.keyFile, 'utf8')).split('\n')[1]!;
        expect(JSON.stringify(config)).not.toContain(keyBody);
        expect(String(config.tls)).not.toContain(keyBody);
      });

      it('refuse a certificate file that holds no certificate, naming TLS_CERT_FILE', async () => {
        const garbage = join(dir, 'garbage.pem');
        await writeFile(garbage, 'not a certificate\n');
        const error = configError({ TLS_CERT_FILE: garbage, TLS_KEY_FILE: good.keyFile });
        expect(error.variable).toBe('TLS_CERT_FILE');
        expect(error.message).toContain(`${garbage}: holds no PEM certificate`);
        // A key where the certificate belongs is no certificate either.
        expect(
          configError({ TLS_CERT_FILE: good.keyFile, TLS_KEY_FILE: good.keyFile }).variable,
        ).toBe('TLS_CERT_FILE');
      });

      it('refuse a key file that holds no key, or the key of another certificate', async () => {
        const garbage = join(dir, 'garbage.key');
        await writeFile(
          garbage,
          '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n',
        );
        const noKey = configError({ TLS_CERT_FILE: good.certFile, TLS_KEY_FILE: garbage });
        expect(noKey.variable).toBe('TLS_KEY_FILE');
        expect(noKey.message).toContain(`${garbage}: holds no unencrypted PEM private key`);
        const mismatched = configError({
          TLS_CERT_FILE: good.certFile,
          TLS_KEY_FILE: other.keyFile,
        });
        expect(mismatched.variable).toBe('TLS_KEY_FILE');
        expect(mismatched.message).toContain(
          `${other.keyFile}: is not the private key of the certificate in ${good.certFile}`,
        );
      });
    },
  );
});

describe('ACCESS_MODE and the AUTH_* variables', () => {
  const secret = 'a'.repeat(32);
  let dir = '';
  let ed25519 = '';
  let p256 = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wb-config-auth-'));
    ed25519 = (await newKeyPair('EdDSA')).pem;
    p256 = (await newKeyPair('ES256')).pem;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('takes each mode, open by default', () => {
    expect(loadConfig({}).auth.mode).toBe('open');
    expect(loadConfig({ ACCESS_MODE: 'links' }).auth.mode).toBe('links');
    expect(loadConfig({ ACCESS_MODE: 'token', AUTH_SECRET: secret }).auth.mode).toBe('token');
  });

  it('names ACCESS_MODE and lists the modes when it is unknown', () => {
    const error = configError({ ACCESS_MODE: 'closed' });
    expect(error.variable).toBe('ACCESS_MODE');
    expect(error.message).toContain('open, links, token');
    expect(configError({ ACCESS_MODE: 'Token', AUTH_SECRET: secret }).variable).toBe('ACCESS_MODE');
  });

  it('needs a key in the token mode', () => {
    const error = configError({ ACCESS_MODE: 'token' });
    expect(error.variable).toBe('AUTH_SECRET');
    expect(error.message).toContain('AUTH_PUBLIC_KEY');
  });

  it('takes a secret of 32 bytes or more for HS256, never printing it', () => {
    const { auth } = loadConfig({ ACCESS_MODE: 'token', AUTH_SECRET: secret });
    expect(auth.tokenKey?.algorithm).toBe('HS256');
    expect(JSON.stringify(auth)).not.toContain(secret);
    expect(String(auth.tokenKey?.key)).not.toContain(secret);
    const short = configError({ AUTH_SECRET: 'hunter2-hunter2-hunter2-hunter2' });
    expect(short.variable).toBe('AUTH_SECRET');
    expect(short.message).not.toContain('hunter2');
  });

  it('takes an Ed25519 or P-256 public key, inline or from a file', async () => {
    expect(loadConfig({ AUTH_PUBLIC_KEY: ed25519 }).auth.tokenKey?.algorithm).toBe('EdDSA');
    expect(loadConfig({ AUTH_PUBLIC_KEY: p256 }).auth.tokenKey?.algorithm).toBe('ES256');
    // An env file holds one line: newlines written as \n.
    const oneLine = ed25519.trim().replaceAll('\n', '\\n');
    expect(loadConfig({ AUTH_PUBLIC_KEY: oneLine }).auth.tokenKey?.algorithm).toBe('EdDSA');
    const file = join(dir, 'auth.pub.pem');
    await writeFile(file, p256);
    expect(loadConfig({ AUTH_PUBLIC_KEY: file }).auth.tokenKey?.algorithm).toBe('ES256');
  });

  it.each([
    ['a file that is missing', () => join(dir, 'missing.pem')],
    ['no key', () => '-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n'],
    [
      'an RSA key',
      () =>
        generateKeyPairSync('rsa', { modulusLength: 1024 })
          .publicKey.export({ type: 'spki', format: 'pem' })
          .toString(),
    ],
    [
      'a private key',
      () =>
        generateKeyPairSync('ed25519')
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
    ],
  ])('names AUTH_PUBLIC_KEY when it holds %s', (_what, value) => {
    expect(configError({ AUTH_PUBLIC_KEY: value() }).variable).toBe('AUTH_PUBLIC_KEY');
  });

  it('refuses both keys at once: a token must not choose how it is checked', () => {
    expect(configError({ AUTH_SECRET: secret, AUTH_PUBLIC_KEY: ed25519 }).variable).toBe(
      'AUTH_PUBLIC_KEY',
    );
  });

  it('reads the audience and issuer to require', () => {
    const { auth } = loadConfig({
      AUTH_SECRET: secret,
      AUTH_AUDIENCE: 'whiteboard',
      AUTH_ISSUER: 'https://host.example',
    });
    expect(auth).toMatchObject({ audience: 'whiteboard', issuer: 'https://host.example' });
  });
});
