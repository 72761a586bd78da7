import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

/** Every line the logger writes, parsed. */
function capture(): { lines: Array<Record<string, unknown>>; stream: Writable } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('redacts request-targets in url, path and target fields, on child loggers too', () => {
    const { lines, stream } = capture();
    const logger = createLogger('info', stream);
    logger.error({ url: '/ws/room?token=eyJhbGciOiJIUzI1NiJ9.x.y' }, 'request failed');
    logger.child({ reqId: 1 }).warn({ path: '/ws/link/AbCdEfGhIjKlMnOpQrStUv' }, 'refused');
    logger.info({ target: '/ws/room?ticket=abc', room: 'lobby', count: 3 }, 'upgrade');
    expect(lines.map(({ url, path, target }) => url ?? path ?? target)).toEqual([
      '/ws/room?token=…',
      '/ws/link/AbCd…',
      '/ws/room?ticket=…',
    ]);
    expect(lines[2]).toMatchObject({ room: 'lobby', count: 3, msg: 'upgrade' });
    expect(JSON.stringify(lines)).not.toMatch(/eyJhbGci|EfGhIj|ticket=abc/);
  });
});
