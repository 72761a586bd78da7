import { execFile, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Why TLS tests cannot run here, or null when `openssl` is on the PATH. */
export const opensslMissing: string | null = (() => {
  const probe = spawnSync('openssl', ['version'], { encoding: 'utf8' });
  return probe.status === 0
    ? null
    : 'openssl is not installed (or not on the PATH): the TLS tests make their certificates with it';
})();

export interface SelfSigned {
  readonly certFile: string;
  readonly keyFile: string;
  /** The certificate's PEM text, for a client's `ca`. */
  readonly cert: string;
  readonly fingerprint256: string;
}

/**
 * A fresh P-256 key and a certificate for 127.0.0.1, valid one day, made by openssl as an
 * operator would, written as `<name>.cert.pem` and `<name>.key.pem` in `dir`.
 */
export async function selfSigned(dir: string, name: string): Promise<SelfSigned> {
  const certFile = join(dir, `${name}.cert.pem`);
  const keyFile = join(dir, `${name}.key.pem`);
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    keyFile,
    '-out',
    certFile,
  ]);
  const cert = await readFile(certFile, 'utf8');
  return { certFile, keyFile, cert, fingerprint256: new X509Certificate(cert).fingerprint256 };
}
