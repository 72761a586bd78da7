import type { FastifyHelmetOptions } from '@fastify/helmet';

const SELF = "'self'";
/** A year: browsers keep to https for that long after a visit. */
const HSTS_MAX_AGE_SECONDS = 31_536_000;

/**
 * X-Frame-Options for browsers older than CSP's frame-ancestors (those that know both ignore it
 * where frame-ancestors is set): SAMEORIGIN or DENY say the same as `'self'` or `'none'`; no value
 * of it can name another site, so for any other list it is left out.
 */
function frameOptions(frameAncestors: readonly string[]): FastifyHelmetOptions['xFrameOptions'] {
  if (frameAncestors.length !== 1) return false;
  if (frameAncestors[0] === SELF) return { action: 'sameorigin' };
  if (frameAncestors[0] === "'none'") return { action: 'deny' };
  return false;
}

/**
 * Helmet's headers for everything the main port serves, with a Content-Security-Policy written
 * for this app rather than helmet's default. The built index.html has no inline script or style
 * (one module script and one stylesheet under /assets/, checked on the Vite 8 build), and Svelte
 * sets styles through the CSSOM, which CSP does not govern, so scripts and styles need 'self'
 * only. The sync socket is ws(s):// on the page's own host and port, which CSP Level 3 counts as
 * 'self' in connect-src. Images: the favicon is `data:,` and an export may draw from `blob:`.
 * Left out of helmet's defaults:
 *   - upgrade-insecure-requests: a relay served over plain HTTP on a LAN would have the browser
 *     rewrite its own scripts and the ws:// socket to https:// and wss://, which nothing serves;
 *   - Strict-Transport-Security over plain HTTP: behind a TLS proxy the proxy decides. With TLS
 *     on the main port (TLS_CERT_FILE), it is sent for a year, without includeSubDomains, which
 *     could pin an operator's other hosts to https.
 * Which pages may frame the app is FRAME_ANCESTORS (config.ts checked each source). Referrer-Policy
 * is no-referrer: room names, and links to come, live in the URL, and a page's links or its
 * images must not hand them to another site. nosniff keeps a file from being run as what it is not.
 */
export const securityHeaders = (
  frameAncestors: readonly string[],
  { tls }: { readonly tls: boolean } = { tls: false },
): FastifyHelmetOptions => ({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: [SELF],
      baseUri: [SELF],
      connectSrc: [SELF],
      fontSrc: [SELF],
      formAction: [SELF],
      frameAncestors: [...frameAncestors],
      imgSrc: [SELF, 'data:', 'blob:'],
      manifestSrc: [SELF],
      objectSrc: ["'none'"],
      scriptSrc: [SELF],
      scriptSrcAttr: ["'none'"],
      styleSrc: [SELF],
      workerSrc: [SELF],
    },
  },
  strictTransportSecurity: tls ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false } : false,
  referrerPolicy: { policy: 'no-referrer' },
  xContentTypeOptions: true,
  xFrameOptions: frameOptions(frameAncestors),
});
