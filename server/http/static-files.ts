import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, sep } from 'node:path';
import { parseByteRange } from './byte-range.ts';
import { Endpoint } from '../../protocol/endpoints.ts';

/** One file of the built app, as found when the server started. */
interface StaticFile {
  readonly path: string;
  readonly size: number;
  readonly type: string;
  readonly etag: string;
  readonly lastModified: string;
  readonly cacheControl: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Vite names everything under assets/ by its content hash, so those never change and may be
 * cached for a year; anything else (the service worker above all) must be revalidated, or a
 * browser keeps running an old app.
 */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

function listFiles(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const urlPath = '/' + relative(root, path).split(sep).join('/');
    // Dotfiles are never part of a build; skipping them keeps editor and VCS leftovers private.
    if (urlPath.includes('/.')) continue;
    const stats = statSync(path);
    files.set(urlPath, {
      path,
      size: stats.size,
      type: CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
      etag: `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`,
      lastModified: stats.mtime.toUTCString(),
      cacheControl: urlPath.startsWith(Endpoint.assets) ? IMMUTABLE : REVALIDATE,
    });
  }
  return files;
}

/**
 * The built web app's files, listed once at start: a request can only name a file of that list,
 * so no path (`..`, encoded slashes, NUL) reaches the file system. Replaces sirv, whose Range
 * handling crashed the process on `bytes=5-1` and answered `bytes=0-0` with the whole file.
 */
export class StaticFiles {
  readonly #files: Map<string, StaticFile>;

  private constructor(files: Map<string, StaticFile>) {
    this.#files = files;
  }

  /** The files under `root`, or null when there is no build there. */
  static open(root: string): StaticFiles | null {
    return existsSync(root) ? new StaticFiles(listFiles(root)) : null;
  }

  has(path: string): boolean {
    return this.#files.has(path);
  }

  /** Answers GET or HEAD for `path`; false when there is no such file. */
  serve(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    const file = this.#files.get(path);
    if (!file) return false;
    res.setHeader('Content-Type', file.type);
    res.setHeader('ETag', file.etag);
    res.setHeader('Last-Modified', file.lastModified);
    res.setHeader('Cache-Control', file.cacheControl);
    res.setHeader('Accept-Ranges', 'bytes');
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304);
      res.end();
      return true;
    }
    const ifRange = req.headers['if-range'];
    const range =
      ifRange === undefined || ifRange === file.etag
        ? parseByteRange(req.headers.range, file.size)
        : ({ kind: 'whole' } as const);
    if (range.kind === 'unsatisfiable') {
      res.writeHead(416, { 'Content-Range': `bytes */${file.size}`, 'Content-Length': 0 });
      res.end();
      return true;
    }
    const { start, end } =
      range.kind === 'part' ? range : { start: 0, end: Math.max(0, file.size - 1) };
    const length = file.size === 0 ? 0 : end - start + 1;
    if (range.kind === 'part') {
      res.setHeader('Content-Range', `bytes ${start}-${end}/${file.size}`);
    }
    res.writeHead(range.kind === 'part' ? 206 : 200, { 'Content-Length': length });
    if (req.method === 'HEAD' || length === 0) {
      res.end();
      return true;
    }
    const stream = createReadStream(file.path, { start, end });
    // A file removed or replaced since the start: the headers are out, so only the socket can say.
    stream.once('error', (error) => res.destroy(error));
    stream.pipe(res);
    return true;
  }
}
