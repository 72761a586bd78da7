import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext, type SecureContextOptions } from 'node:tls';

/** The variables that name the files, so that every error can say which one to fix. */
export type TlsVariable = 'TLS_CERT_FILE' | 'TLS_KEY_FILE';

/** Where TLS_CERT_FILE and TLS_KEY_FILE point (absolute paths). */
export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

/** A TLS file that cannot be used: missing, unreadable, no PEM, or a key of another certificate. */
export class TlsFileError extends Error {
  override name = 'TlsFileError';
  constructor(
    readonly variable: TlsVariable,
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

/**
 * A certificate (chain) and its private key, read from their files and checked to belong
 * together and to make a TLS context, so that a server given them cannot fail on them later.
 * The key is a private field: it never reaches a log line or an error, even when the object does.
 */
export class TlsCredentials {
  readonly #key: string;

  private constructor(
    readonly files: TlsFiles,
    /** The certificate file's PEM text, as read: the leaf first, then any intermediates. */
    readonly cert: string,
    key: string,
    /** SHA-256 fingerprint of the leaf certificate (colon-separated hex), for logs. */
    readonly fingerprint256: string,
    /** When the leaf certificate expires, as OpenSSL prints it. */
    readonly validTo: string,
  ) {
    this.#key = key;
  }

  /** What node:https and `setSecureContext` take. */
  secureContextOptions(): SecureContextOptions {
    return { cert: this.cert, key: this.#key };
  }

  /**
   * Reads both files. Synchronous on purpose: it runs once at start (before anything listens)
   * and on SIGHUP, and two PEM files of a few KiB read in well under a millisecond.
   */
  static read(files: TlsFiles): TlsCredentials {
    const cert = readText('TLS_CERT_FILE', files.certFile);
    const key = readText('TLS_KEY_FILE', files.keyFile);
    const leaf = parseCertificate(files.certFile, cert);
    const keyObject = parseKey(files.keyFile, key);
    if (!leaf.checkPrivateKey(keyObject)) {
      throw new TlsFileError(
        'TLS_KEY_FILE',
        files.keyFile,
        `is not the private key of the certificate in ${files.certFile}`,
      );
    }
    try {
      createSecureContext({ cert, key });
    } catch (error) {
      throw new TlsFileError(
        'TLS_CERT_FILE',
        files.certFile,
        `refused by TLS: ${messageOf(error)}`,
      );
    }
    return new TlsCredentials(files, cert, key, leaf.fingerprint256, leaf.validTo);
  }
}

function readText(variable: TlsVariable, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new TlsFileError(variable, file, `cannot be read: ${messageOf(error)}`);
  }
}

function parseCertificate(file: string, pem: string): X509Certificate {
  // X509Certificate also takes DER, which a TLS context does not: only PEM passes.
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new TlsFileError('TLS_CERT_FILE', file, 'holds no PEM certificate');
  }
  try {
    return new X509Certificate(pem);
  } catch (error) {
    throw new TlsFileError(
      'TLS_CERT_FILE',
      file,
      `holds no valid certificate: ${messageOf(error)}`,
    );
  }
}

function parseKey(file: string, pem: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (error) {
    // OpenSSL's message names a routine, never the key's bytes.
    throw new TlsFileError(
      'TLS_KEY_FILE',
      file,
      `holds no unencrypted PEM private key: ${messageOf(error)}`,
    );
  }
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
