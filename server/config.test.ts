import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
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
  ['MAX_ROOM_PRESENCE_BYTES', 'maxRoomPresenceBytes', 1024, 1024 * MiB],
  ['ANSWER_BURST_FULL_STATES', 'answerBurstFullStates', 1, 1000],
  ['ANSWER_REFILL_SECONDS', 'answerRefillSeconds', 1, 86_400],
  ['COMPACT_AFTER_UPDATES', 'compactAfterUpdates', 1, Number.MAX_SAFE_INTEGER],
  ['COMPACT_AFTER_BYTES', 'compactAfterBytes', 1024, Number.MAX_SAFE_INTEGER],
];

describe('loadConfig', () => {
  it('has a test for every variable it reads', () => {
    const covered = [
      ...INTEGERS.map(([variable]) => variable),
      'HOST',
      'DATA_DIR',
      'LOG_LEVEL',
      'STATIC_DIR',
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
      maxRoomPresenceBytes: MiB,
      answerBurstFullStates: 4,
      answerRefillSeconds: 30,
      compactAfterUpdates: 1000,
      compactAfterBytes: 4 * MiB,
      staticDir: resolve('./dist'),
    });
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
      MAX_ROOM_PRESENCE_BYTES: '65536',
      ANSWER_BURST_FULL_STATES: '2',
      ANSWER_REFILL_SECONDS: '60',
      COMPACT_AFTER_UPDATES: '5',
      COMPACT_AFTER_BYTES: '2048',
      STATIC_DIR: 'build',
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
      maxRoomPresenceBytes: 65536,
      answerBurstFullStates: 2,
      answerRefillSeconds: 60,
      compactAfterUpdates: 5,
      compactAfterBytes: 2048,
      staticDir: resolve('build'),
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

  it('reports the first bad variable when several are bad', () => {
    expect(configError({ PORT: 'x', HEARTBEAT_MS: 'y' }).variable).toBe('PORT');
  });
});
