import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { parseOrigin } from './http/origin-check.ts';
import { RedisTargetError, parseRedisTarget, type RedisTarget } from './redis/redis-target.ts';
import { TlsCredentials, TlsFileError } from './http/tls-credentials.ts';
import { TokenKeyError, publicKey, secretKey, type TokenKey } from './tokens/token-key.ts';

/**
 * What a room's name is worth (ACCESS_MODE): in `open`, it is the room's edit capability; in
 * `links` and `token`, nothing: every connection needs a link, a token or a ticket. `links`
 * makes rooms with POST /api/rooms; `token` leaves rooms to the host application's tokens.
 */
export const ACCESS_MODES = ['open', 'links', 'token'] as const;
export type AccessMode = (typeof ACCESS_MODES)[number];

/** How tokens are checked (tokens/token-verifier.ts); null token key: tokens are not accepted. */
export interface AuthConfig {
  readonly mode: AccessMode;
  readonly tokenKey: TokenKey | null;
  /** When set, a token's `aud` must name it, and its `iss` must be it. */
  readonly audience: string | null;
  readonly issuer: string | null;
}

/** One entry of TRUST_PROXY: a proxy's address, or a block of them. */
export interface AddressRange {
  readonly network: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

/** Everything the server can be told from the environment, parsed once at start. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  /** Largest accepted WebSocket frame in bytes; bigger frames close the connection with 1009. */
  readonly maxPayload: number;
  /** Sustained messages per second one connection may send, and the burst it may save up. */
  readonly rateLimitPerSecond: number;
  readonly rateLimitBurst: number;
  /** Sustained bytes per second one connection may send; it may save up twice MAX_PAYLOAD_BYTES. */
  readonly rateLimitBytesPerSecond: number;
  /** Bytes queued for one connection before it counts as a slow reader and is closed with 1013. */
  readonly maxBufferedBytes: number;
  readonly maxConnections: number;
  readonly maxConnectionsPerRoom: number;
  readonly heartbeatMs: number;
  /** Largest presence (awareness) state of one client, in bytes; larger closes with 1007. */
  readonly maxPresenceStateBytes: number;
  /** Most presence client ids one connection may announce; more closes with 1008. */
  readonly maxPresenceClientsPerConnection: number;
  /** Yjs client ids one connection may bring that its room has not seen; more closes with 1008. */
  readonly maxNewClientsPerConnection: number;
  /** Stored bytes (snapshot plus log) a room may grow to; an update past it closes with 4413. */
  readonly maxRoomBytes: number;
  /** All presence states of one room together, in bytes; a state crossing it closes with 1008. */
  readonly maxRoomPresenceBytes: number;
  /**
   * What one connection may ask its room to send (sync step 2, presence snapshots), in full
   * states of the room at once, and the seconds it waits to earn one back; more closes with 1008.
   */
  readonly answerBurstFullStates: number;
  readonly answerRefillSeconds: number;
  /** Compact a room's update log into a snapshot once it holds this many updates or bytes. */
  readonly compactAfterUpdates: number;
  readonly compactAfterBytes: number;
  /** How long an empty room stays loaded before it is stored and dropped; 0 unloads at once. */
  readonly roomIdleUnloadMs: number;
  /** Board history (issue 14): a version once a changed room has been quiet this long. */
  readonly versionIdleMs: number;
  /** Every automatic version is kept this many hours, then one an hour (history/retention.ts). */
  readonly versionKeepAllHours: number;
  /** One automatic version an hour is kept this many days, then one a day, for good. */
  readonly versionKeepHourlyDays: number;
  /** Directory of the built web app; the relay still runs without it. */
  readonly staticDir: string;
  /** Proxies whose X-Forwarded-For is believed; empty: the socket's peer is the client. */
  readonly trustProxy: readonly AddressRange[];
  /** Open connections one client address may hold, and its share (percent) of one room's seats. */
  readonly maxConnectionsPerIp: number;
  readonly maxRoomSharePerIp: number;
  /** Upgrades one client address may make per second, sustained; twice as many at once. */
  readonly upgradesPerSecondPerIp: number;
  /** Rooms one client address may bring into memory per minute, sustained and at once. */
  readonly newRoomsPerMinutePerIp: number;
  /** Unsent bytes (besides each socket's newest message) for all connections, and per address. */
  readonly maxTotalBufferedBytes: number;
  readonly maxBufferedBytesPerIp: number;
  /** Inbound bytes per second one room, and one client address, may send; bursts of 2 and 4 frames. */
  readonly roomRateLimitBytesPerSecond: number;
  readonly ipRateLimitBytesPerSecond: number;
  /** Size of DATA_DIR at which new content is refused; 0 means no limit. */
  readonly maxDataBytes: number;
  /** A separate /metrics listener (null: /metrics on the main port, loopback or token only). */
  readonly metricsPort: number | null;
  readonly metricsHost: string;
  /** Bearer token that opens /metrics to any address; null: none. */
  readonly metricsToken: string | null;
  /** Origins (besides the relay's own) whose pages may open a WebSocket; serialized, lowercase. */
  readonly allowedOrigins: ReadonlySet<string>;
  /** The one origin the relay is reached at (http/public-origin.ts); null: whatever Host says. */
  readonly publicOrigin: string | null;
  /** CSP frame-ancestors sources: which pages may embed the app in a frame. */
  readonly frameAncestors: readonly string[];
  /** TLS_CERT_FILE and TLS_KEY_FILE, read and checked: the main port serves https and wss. */
  readonly tls: TlsCredentials | null;
  /** ACCESS_MODE and the AUTH_* variables. */
  readonly auth: AuthConfig;
  /**
   * REDIS_URL: several instances share rooms through Redis (issue 12: its log, authors, links,
   * tickets and fan-out); null: one process on DATA_DIR, as before. Forms: redis/redis-target.ts.
   */
  readonly redis: RedisTarget | null;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

const MiB = 1024 * 1024;

export const DEFAULTS = {
  PORT: 3000,
  HOST: '0.0.0.0',
  DATA_DIR: './data',
  LOG_LEVEL: 'info',
  MAX_PAYLOAD_BYTES: 4 * MiB,
  RATE_LIMIT_PER_SECOND: 1000,
  RATE_LIMIT_BURST: 5000,
  RATE_LIMIT_BYTES_PER_SECOND: 8 * MiB,
  MAX_BUFFERED_BYTES: 16 * MiB,
  MAX_CONNECTIONS: 10_000,
  MAX_CONNECTIONS_PER_ROOM: 500,
  HEARTBEAT_MS: 30_000,
  MAX_PRESENCE_STATE_BYTES: 8 * 1024,
  MAX_PRESENCE_CLIENTS_PER_CONNECTION: 8,
  MAX_NEW_CLIENTS_PER_CONNECTION: 64,
  // The client bench's 50,000-stroke board is 17.6 MB compacted: about 4× that, which also
  // holds the most strokes a room may have (100,000, 35 MB) with a log tail of
  // COMPACT_AFTER_BYTES.
  MAX_ROOM_BYTES: 64 * MiB,
  // The app's state is ~150 bytes: 500 people hold 75 KB, and 1 MiB is 128 states of the 8 KiB limit.
  MAX_ROOM_PRESENCE_BYTES: 1 * MiB,
  // A client needs one full state per connection; four cover a reconnect and a resync or two.
  ANSWER_BURST_FULL_STATES: 4,
  ANSWER_REFILL_SECONDS: 30,
  COMPACT_AFTER_UPDATES: 1000,
  COMPACT_AFTER_BYTES: 4 * MiB,
  ROOM_IDLE_UNLOAD_MS: 30_000,
  // Five quiet minutes: a session's pauses, not its every stroke (issue 14).
  VERSION_IDLE_MS: 300_000,
  VERSION_KEEP_ALL_HOURS: 24,
  VERSION_KEEP_HOURLY_DAYS: 30,
  STATIC_DIR: './dist',
  TRUST_PROXY: '',
  MAX_CONNECTIONS_PER_IP: 50,
  MAX_ROOM_SHARE_PER_IP: 10,
  UPGRADES_PER_SECOND_PER_IP: 20,
  NEW_ROOMS_PER_MINUTE_PER_IP: 30,
  MAX_TOTAL_BUFFERED_BYTES: 256 * MiB,
  MAX_BUFFERED_BYTES_PER_IP: 64 * MiB,
  ROOM_RATE_LIMIT_BYTES_PER_SECOND: 1 * MiB,
  IP_RATE_LIMIT_BYTES_PER_SECOND: 16 * MiB,
  MAX_DATA_BYTES: 0,
  METRICS_PORT: null,
  METRICS_HOST: '127.0.0.1',
  METRICS_TOKEN: null,
  ALLOWED_ORIGINS: '',
  PUBLIC_ORIGIN: '',
  FRAME_ANCESTORS: "'self'",
  TLS_CERT_FILE: null,
  TLS_KEY_FILE: null,
  ACCESS_MODE: 'open',
  AUTH_SECRET: null,
  AUTH_PUBLIC_KEY: null,
  AUTH_AUDIENCE: '',
  AUTH_ISSUER: '',
  REDIS_URL: '',
} as const;

type IntegerVariable = {
  [Name in keyof typeof DEFAULTS]: (typeof DEFAULTS)[Name] extends number ? Name : never;
}[keyof typeof DEFAULTS];
type TextVariable = {
  [Name in keyof typeof DEFAULTS]: (typeof DEFAULTS)[Name] extends string ? Name : never;
}[keyof typeof DEFAULTS];

/** Shortest METRICS_TOKEN accepted: 128 bits of base64 or hex is at least this long. */
export const MIN_METRICS_TOKEN_LENGTH = 16;

function integer(
  env: NodeJS.ProcessEnv,
  name: IntegerVariable,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return DEFAULTS[name];
  return wholeNumber(name, raw, min, max);
}

function wholeNumber(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw.trim())) {
    throw new ConfigError(name, `expected a whole number, got ${JSON.stringify(raw)}`);
  }
  const value = Number(raw.trim());
  if (value < min || value > max) {
    throw new ConfigError(name, `expected a number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

function text(env: NodeJS.ProcessEnv, name: TextVariable): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return DEFAULTS[name];
  return raw;
}

function metricsPort(env: NodeJS.ProcessEnv): number | null {
  const raw = env.METRICS_PORT;
  if (raw === undefined || raw === '') return DEFAULTS.METRICS_PORT;
  return wholeNumber('METRICS_PORT', raw, 0, 65535);
}

function metricsToken(env: NodeJS.ProcessEnv): string | null {
  const raw = env.METRICS_TOKEN;
  if (raw === undefined || raw === '') return DEFAULTS.METRICS_TOKEN;
  // The message never repeats the value: a token must not reach a log.
  if (raw.length < MIN_METRICS_TOKEN_LENGTH || /\s/.test(raw)) {
    throw new ConfigError(
      'METRICS_TOKEN',
      `expected at least ${MIN_METRICS_TOKEN_LENGTH} characters without spaces`,
    );
  }
  return raw;
}

/** TLS_CERT_FILE and TLS_KEY_FILE: both or neither; each file must be readable PEM. */
function tls(env: NodeJS.ProcessEnv): TlsCredentials | null {
  const certFile = env.TLS_CERT_FILE || null;
  const keyFile = env.TLS_KEY_FILE || null;
  if (certFile === null && keyFile === null) return null;
  if (keyFile === null) throw new ConfigError('TLS_KEY_FILE', 'required when TLS_CERT_FILE is set');
  if (certFile === null)
    throw new ConfigError('TLS_CERT_FILE', 'required when TLS_KEY_FILE is set');
  try {
    return TlsCredentials.read({ certFile: resolve(certFile), keyFile: resolve(keyFile) });
  } catch (error) {
    if (error instanceof TlsFileError) throw new ConfigError(error.variable, error.message);
    throw error;
  }
}

/** TRUST_PROXY: addresses and CIDR blocks, separated by commas or spaces. */
function trustProxy(env: NodeJS.ProcessEnv): readonly AddressRange[] {
  const entries = text(env, 'TRUST_PROXY')
    .split(/[\s,]+/)
    .filter(Boolean);
  return Object.freeze(entries.map(addressRange));
}

function addressRange(entry: string): AddressRange {
  const [network = '', prefixText, ...rest] = entry.split('/');
  const version = isIP(network);
  const bits = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  const prefixOk = prefixText === undefined || /^\d{1,3}$/.test(prefixText);
  if (version === 0 || rest.length > 0 || !prefixOk || prefix > bits) {
    throw new ConfigError(
      'TRUST_PROXY',
      `expected addresses or CIDR blocks (10.0.0.1, 10.0.0.0/8, fd00::/8), got ${JSON.stringify(entry)}`,
    );
  }
  return Object.freeze({ network, prefix, family: version === 4 ? 'ipv4' : 'ipv6' });
}

/** ALLOWED_ORIGINS: http(s) origins, separated by commas or spaces. */
function allowedOrigins(env: NodeJS.ProcessEnv): ReadonlySet<string> {
  const origins = new Set<string>();
  for (const entry of list(text(env, 'ALLOWED_ORIGINS'))) {
    const origin = parseOrigin(entry);
    if (origin === null) {
      throw new ConfigError(
        'ALLOWED_ORIGINS',
        `expected origins such as https://board.example or http://localhost:5173 (no path), got ${JSON.stringify(entry)}`,
      );
    }
    origins.add(origin);
  }
  return origins;
}

/** PUBLIC_ORIGIN: one http(s) origin, or unset. */
function publicOrigin(env: NodeJS.ProcessEnv): string | null {
  const value = text(env, 'PUBLIC_ORIGIN');
  if (value === '') return null;
  const origin = parseOrigin(value);
  if (origin === null) {
    throw new ConfigError(
      'PUBLIC_ORIGIN',
      `expected the origin the relay is reached at, such as https://board.example (no path), got ${JSON.stringify(value)}`,
    );
  }
  return origin;
}

/**
 * One CSP frame-ancestors source: a keyword, a scheme (`https:`) or a host with optional scheme,
 * `*.` wildcard, port and path. Nothing else, so that no value can end the directive (`;`) or add
 * one of its own.
 */
const FRAME_SOURCE =
  /^(?:'self'|'none'|[a-z][a-z0-9+.-]*:|(?:[a-z][a-z0-9+.-]*:\/\/)?(?:\*|(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(?:\d{1,5}|\*))?(?:\/[a-z0-9\-._~%/]*)?)$/i;

/** FRAME_ANCESTORS: CSP sources separated by spaces or commas; `'none'` only on its own. */
function frameAncestors(env: NodeJS.ProcessEnv): readonly string[] {
  const sources = list(text(env, 'FRAME_ANCESTORS'));
  const bad = sources.find((source) => !FRAME_SOURCE.test(source));
  if (bad !== undefined || (sources.includes("'none'") && sources.length > 1)) {
    throw new ConfigError(
      'FRAME_ANCESTORS',
      `expected CSP sources such as 'self' https://host.example https://*.example.com, or 'none' alone, got ${JSON.stringify(bad ?? sources.join(' '))}`,
    );
  }
  return Object.freeze(sources);
}

function list(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}

/**
 * ACCESS_MODE and the token key: AUTH_SECRET (HS256) or AUTH_PUBLIC_KEY (EdDSA, ES256), not
 * both, since a token must never choose which one checks it. The token mode needs one; the
 * others accept tokens too when one is set.
 */
function auth(env: NodeJS.ProcessEnv): AuthConfig {
  const rawMode = text(env, 'ACCESS_MODE');
  const mode = ACCESS_MODES.find((candidate) => candidate === rawMode);
  if (!mode) {
    throw new ConfigError(
      'ACCESS_MODE',
      `expected one of ${ACCESS_MODES.join(', ')}, got ${JSON.stringify(rawMode)}`,
    );
  }
  const secret = env.AUTH_SECRET || null;
  const pem = env.AUTH_PUBLIC_KEY || null;
  if (secret !== null && pem !== null) {
    throw new ConfigError('AUTH_PUBLIC_KEY', 'set AUTH_SECRET or AUTH_PUBLIC_KEY, not both');
  }
  const tokenKey =
    secret !== null
      ? keyOf('AUTH_SECRET', () => secretKey(secret))
      : pem !== null
        ? keyOf('AUTH_PUBLIC_KEY', () => publicKey(pem))
        : null;
  if (mode === 'token' && tokenKey === null) {
    throw new ConfigError(
      'AUTH_SECRET',
      'ACCESS_MODE=token needs AUTH_SECRET (HS256) or AUTH_PUBLIC_KEY (EdDSA, ES256)',
    );
  }
  return Object.freeze({
    mode,
    tokenKey,
    audience: text(env, 'AUTH_AUDIENCE').trim() || null,
    issuer: text(env, 'AUTH_ISSUER').trim() || null,
  });
}

function keyOf(variable: string, read: () => TokenKey): TokenKey {
  try {
    return read();
  } catch (error) {
    if (error instanceof TokenKeyError) throw new ConfigError(variable, error.message);
    throw error;
  }
}

function logLevel(env: NodeJS.ProcessEnv): LogLevel {
  const raw = text(env, 'LOG_LEVEL');
  const found = LOG_LEVELS.find((level) => level === raw);
  if (!found) {
    throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}, got ${raw}`);
  }
  return found;
}

/** Reads and validates the configuration; throws a ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  return Object.freeze({
    port: integer(env, 'PORT', 0, 65535),
    host: text(env, 'HOST'),
    dataDir: resolve(text(env, 'DATA_DIR')),
    logLevel: logLevel(env),
    maxPayload: integer(env, 'MAX_PAYLOAD_BYTES', 1024, 512 * MiB),
    rateLimitPerSecond: integer(env, 'RATE_LIMIT_PER_SECOND', 1),
    rateLimitBurst: integer(env, 'RATE_LIMIT_BURST', 1),
    rateLimitBytesPerSecond: integer(env, 'RATE_LIMIT_BYTES_PER_SECOND', 1024),
    maxBufferedBytes: integer(env, 'MAX_BUFFERED_BYTES', 64 * 1024),
    maxConnections: integer(env, 'MAX_CONNECTIONS', 1),
    maxConnectionsPerRoom: integer(env, 'MAX_CONNECTIONS_PER_ROOM', 1),
    heartbeatMs: integer(env, 'HEARTBEAT_MS', 100),
    maxPresenceStateBytes: integer(env, 'MAX_PRESENCE_STATE_BYTES', 256, 1 * MiB),
    maxPresenceClientsPerConnection: integer(env, 'MAX_PRESENCE_CLIENTS_PER_CONNECTION', 1, 1000),
    maxNewClientsPerConnection: integer(env, 'MAX_NEW_CLIENTS_PER_CONNECTION', 1, 100_000),
    maxRoomBytes: integer(env, 'MAX_ROOM_BYTES', 64 * 1024),
    maxRoomPresenceBytes: integer(env, 'MAX_ROOM_PRESENCE_BYTES', 1024, 1024 * MiB),
    answerBurstFullStates: integer(env, 'ANSWER_BURST_FULL_STATES', 1, 1000),
    answerRefillSeconds: integer(env, 'ANSWER_REFILL_SECONDS', 1, 86_400),
    compactAfterUpdates: integer(env, 'COMPACT_AFTER_UPDATES', 1),
    compactAfterBytes: integer(env, 'COMPACT_AFTER_BYTES', 1024),
    roomIdleUnloadMs: integer(env, 'ROOM_IDLE_UNLOAD_MS', 0),
    versionIdleMs: integer(env, 'VERSION_IDLE_MS', 10, 7 * 24 * 3_600_000),
    versionKeepAllHours: integer(env, 'VERSION_KEEP_ALL_HOURS', 0, 24 * 3650),
    versionKeepHourlyDays: integer(env, 'VERSION_KEEP_HOURLY_DAYS', 0, 3650),
    staticDir: resolve(text(env, 'STATIC_DIR')),
    trustProxy: trustProxy(env),
    maxConnectionsPerIp: integer(env, 'MAX_CONNECTIONS_PER_IP', 1),
    maxRoomSharePerIp: integer(env, 'MAX_ROOM_SHARE_PER_IP', 1, 100),
    upgradesPerSecondPerIp: integer(env, 'UPGRADES_PER_SECOND_PER_IP', 1),
    newRoomsPerMinutePerIp: integer(env, 'NEW_ROOMS_PER_MINUTE_PER_IP', 1),
    maxTotalBufferedBytes: integer(env, 'MAX_TOTAL_BUFFERED_BYTES', 64 * 1024),
    maxBufferedBytesPerIp: integer(env, 'MAX_BUFFERED_BYTES_PER_IP', 64 * 1024),
    roomRateLimitBytesPerSecond: integer(env, 'ROOM_RATE_LIMIT_BYTES_PER_SECOND', 1024),
    ipRateLimitBytesPerSecond: integer(env, 'IP_RATE_LIMIT_BYTES_PER_SECOND', 1024),
    maxDataBytes: integer(env, 'MAX_DATA_BYTES', 0),
    metricsPort: metricsPort(env),
    metricsHost: text(env, 'METRICS_HOST'),
    metricsToken: metricsToken(env),
    allowedOrigins: allowedOrigins(env),
    publicOrigin: publicOrigin(env),
    frameAncestors: frameAncestors(env),
    tls: tls(env),
    auth: auth(env),
    redis: redis(env),
  });
}

function redis(env: NodeJS.ProcessEnv): RedisTarget | null {
  const raw = text(env, 'REDIS_URL').trim();
  if (raw === '') return null;
  try {
    return parseRedisTarget(raw);
  } catch (error) {
    if (error instanceof RedisTargetError) throw new ConfigError('REDIS_URL', error.message);
    throw error;
  }
}

/** For entry points: a bad variable ends the process with exit code 2 and a message naming it. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Invalid configuration: ${error.message}`);
    process.exit(2);
  }
}
