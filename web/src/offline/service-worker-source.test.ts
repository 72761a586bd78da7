import { describe, expect, it } from 'vitest';
import { serviceWorkerSource } from './service-worker-source.ts';

describe('the generated service worker', () => {
  const source = serviceWorkerSource('v1', ['/index.html', '/assets/app-1.js']);

  it('is valid JavaScript naming this build’s cache and files', () => {
    expect(() => new Function(source)).not.toThrow();
    expect(source).toContain('"whiteboard-shell-v1"');
    expect(source).toContain('["/index.html","/assets/app-1.js"]');
  });

  it('answers only app pages from the cache, never the relay’s endpoints', () => {
    const pattern = /const APP_ROUTE = new RegExp\((".*")\);/.exec(source)![1]!;
    const route = new RegExp(JSON.parse(pattern) as string);
    for (const path of ['/', '/r/room-1', '/r/AbC_9/']) expect(route.test(path), path).toBe(true);
    for (const path of ['/ws/room-1', '/healthz', '/metrics', '/r/a.b', `/r/${'x'.repeat(65)}`]) {
      expect(route.test(path), path).toBe(false);
    }
  });
});
