import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { TlsCredentials, TlsFileError } from './tls-credentials.ts';

/**
 * The main port's node server, which app.ts owns: it listens, takes WebSocket upgrades from it
 * and closes it; Fastify only answers its plain requests. With TLS the same port serves https
 * and wss, and its certificate can be replaced while it serves.
 */
export type MainServer =
  | { readonly scheme: 'http'; readonly server: Server }
  | { readonly scheme: 'https'; readonly server: HttpsServer; credentials: TlsCredentials };

export function createMainServer(tls: TlsCredentials | null): MainServer {
  if (tls === null) return { scheme: 'http', server: createServer() };
  return {
    scheme: 'https',
    server: createHttpsServer(tls.secureContextOptions()),
    credentials: tls,
  };
}

/** What a certificate reload did. A failed one changes nothing: the server keeps its certificate. */
export type CertificateReload =
  | { readonly outcome: 'reloaded'; readonly credentials: TlsCredentials }
  | { readonly outcome: 'kept'; readonly credentials: TlsCredentials; readonly error: TlsFileError }
  | { readonly outcome: 'plain-http' };

/**
 * Reads the certificate and key files again and serves them to new TLS connections; open ones
 * keep the session they made. Both files are checked together before anything is replaced, so
 * a half-written renewal (a new certificate beside the old key) is refused rather than served.
 */
export function reloadCertificate(main: MainServer): CertificateReload {
  if (main.scheme === 'http') return { outcome: 'plain-http' };
  let next: TlsCredentials;
  try {
    next = TlsCredentials.read(main.credentials.files);
  } catch (error) {
    if (error instanceof TlsFileError) {
      return { outcome: 'kept', credentials: main.credentials, error };
    }
    throw error;
  }
  main.server.setSecureContext(next.secureContextOptions());
  main.credentials = next;
  return { outcome: 'reloaded', credentials: next };
}
