import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config.ts';
import { redactField } from './redact.ts';

export type { Logger };

/**
 * Structured JSON lines on stdout (or `destination`); the first field after time is always `msg`.
 * Fields named `url`, `path` or `target` hold request-targets and pass redactTarget, so no token,
 * ticket or link id reaches a log in full, whichever call site wrote them.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'whiteboard-relay' },
    serializers: { url: redactField, path: redactField, target: redactField },
  };
  return destination ? pino(options, destination) : pino(options);
}

export const silentLogger: Logger = pino({ level: 'silent' });
