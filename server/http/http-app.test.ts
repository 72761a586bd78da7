import { describe, expect, it } from 'vitest';
import { silentLogger } from '../observability/logger.ts';
import { Metrics } from '../observability/metrics.ts';
import { createHttpApp, MAX_BODY_BYTES, type HttpApp } from './http-app.ts';

/**
 * The rules every listener gets for bodies and errors, on a route of the test's own (today's
 * routes read no body): what the API to come inherits.
 */
function appWithRoom(): { app: HttpApp; metrics: Metrics } {
  const metrics = new Metrics();
  const app = createHttpApp({ logger: silentLogger, metrics, otherMethods: 'method-not-allowed' });
  app.post(
    '/rooms',
    {
      schema: {
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } },
        },
      },
    },
    async (request) => ({ created: (request.body as { name: string }).name }),
  );
  app.get('/broken', () => {
    throw new Error('handler exploded');
  });
  app.get('/broken-later', async () => {
    await Promise.resolve();
    throw new Error('handler rejected');
  });
  return { app, metrics };
}

const post = (app: HttpApp, payload: string, contentType = 'application/json') =>
  app.inject({ method: 'POST', url: '/rooms', payload, headers: { 'content-type': contentType } });

const errorsCounted = async (metrics: Metrics): Promise<string | undefined> =>
  /^relay_errors_total\{kind="http"\} (\d+)$/m.exec(await metrics.render())?.[1];

describe('JSON bodies', () => {
  it('are read when they match the route schema', async () => {
    const { app } = appWithRoom();
    const response = await post(app, JSON.stringify({ name: 'atelier' }));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ created: 'atelier' });
  });

  it.each([
    ['a property the schema lacks', { name: 'atelier', admin: true }],
    ['a wrong type, not coerced', { name: 42 }],
    ['a value off the pattern', { name: '../etc' }],
    ['nothing required', {}],
  ])('are refused with 400 for %s', async (_what, body) => {
    const { app } = appWithRoom();
    const response = await post(app, JSON.stringify(body));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('are refused with 400 when they are no JSON, or try to reach a prototype', async () => {
    const { app } = appWithRoom();
    for (const payload of ['{"name":', '{"__proto__":{"name":"x"}}']) {
      const response = await post(app, payload);
      expect(response.statusCode, payload).toBe(400);
      expect(response.json(), payload).toMatchObject({ statusCode: 400 });
    }
  });

  it('are refused with 413 past MAX_BODY_BYTES and 415 when not JSON', async () => {
    const { app } = appWithRoom();
    const big = JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES) });
    expect((await post(app, big)).statusCode).toBe(413);
    expect((await post(app, big)).json()).toMatchObject({ statusCode: 413 });
    const text = await post(app, 'name=atelier', 'text/plain');
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ statusCode: 415 });
  });
});

describe('a handler that fails', () => {
  it('gets 500 as JSON, counted, thrown or rejected, and the next request is served', async () => {
    const { app, metrics } = appWithRoom();
    for (const url of ['/broken', '/broken-later']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(500);
      expect(response.json(), url).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'internal error',
      });
    }
    expect(await errorsCounted(metrics)).toBe('2');
    expect((await post(app, JSON.stringify({ name: 'still-here' }))).statusCode).toBe(200);
  });
});
