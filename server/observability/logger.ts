import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config.ts';

export type { Logger };

/** Structured JSON lines on stdout; the first field after time is always `msg`. */
export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: { service: 'whiteboard-relay' } });
}

export const silentLogger: Logger = pino({ level: 'silent' });
