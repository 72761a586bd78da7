import { resolve } from 'node:path';

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
  /** Directory of the built web app; the relay still runs without it. */
  readonly staticDir: string;
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
  // The app's state is ~150 bytes: 500 people hold 75 KB, and 1 MiB is 128 states of the 8 KiB limit.
  MAX_ROOM_PRESENCE_BYTES: 1 * MiB,
  // A client needs one full state per connection; four cover a reconnect and a resync or two.
  ANSWER_BURST_FULL_STATES: 4,
  ANSWER_REFILL_SECONDS: 30,
  COMPACT_AFTER_UPDATES: 1000,
  COMPACT_AFTER_BYTES: 4 * MiB,
  STATIC_DIR: './dist',
} as const;

function integer(
  env: NodeJS.ProcessEnv,
  name: keyof typeof DEFAULTS,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return DEFAULTS[name] as number;
  if (!/^\d+$/.test(raw.trim())) {
    throw new ConfigError(name, `expected a whole number, got ${JSON.stringify(raw)}`);
  }
  const value = Number(raw.trim());
  if (value < min || value > max) {
    throw new ConfigError(name, `expected a number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

function text(env: NodeJS.ProcessEnv, name: keyof typeof DEFAULTS): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return DEFAULTS[name] as string;
  return raw;
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
    maxRoomPresenceBytes: integer(env, 'MAX_ROOM_PRESENCE_BYTES', 1024, 1024 * MiB),
    answerBurstFullStates: integer(env, 'ANSWER_BURST_FULL_STATES', 1, 1000),
    answerRefillSeconds: integer(env, 'ANSWER_REFILL_SECONDS', 1, 86_400),
    compactAfterUpdates: integer(env, 'COMPACT_AFTER_UPDATES', 1),
    compactAfterBytes: integer(env, 'COMPACT_AFTER_BYTES', 1024),
    staticDir: resolve(text(env, 'STATIC_DIR')),
  });
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
