/**
 * What a PEM label says a block is, so that a wrong input can be named ("this is a certificate") before any
 * parser sees it. Labels from RFC 7468 §4 and the OpenSSL/OpenSSH variants seen in the wild.
 */
import type { PemBlock } from './pem.js';

/** The kinds of PEM block jwt-core tells apart. */
export type PemKind =
  | 'pkcs1-private-key'
  | 'pkcs8-private-key'
  | 'pkcs8-encrypted-private-key'
  | 'ec-private-key'
  | 'dsa-private-key'
  | 'openssh-private-key'
  | 'certificate'
  | 'csr'
  | 'public-key'
  | 'parameters'
  | 'unknown';

const KINDS: Readonly<Record<string, PemKind>> = {
  'RSA PRIVATE KEY': 'pkcs1-private-key',
  'PRIVATE KEY': 'pkcs8-private-key',
  'ENCRYPTED PRIVATE KEY': 'pkcs8-encrypted-private-key',
  'EC PRIVATE KEY': 'ec-private-key',
  'DSA PRIVATE KEY': 'dsa-private-key',
  'OPENSSH PRIVATE KEY': 'openssh-private-key',
  CERTIFICATE: 'certificate',
  'X509 CERTIFICATE': 'certificate',
  'TRUSTED CERTIFICATE': 'certificate',
  'CERTIFICATE REQUEST': 'csr',
  'NEW CERTIFICATE REQUEST': 'csr',
  'PUBLIC KEY': 'public-key',
  'RSA PUBLIC KEY': 'public-key',
  'SSH2 PUBLIC KEY': 'public-key',
  'EC PARAMETERS': 'parameters',
  'DSA PARAMETERS': 'parameters',
  'DH PARAMETERS': 'parameters',
};

/** The kind of a PEM block, from its label. */
export function pemKind(block: PemBlock): PemKind {
  return KINDS[block.label] ?? 'unknown';
}

/** True for the kinds that hold a private key of some algorithm. */
export function isPrivateKeyKind(kind: PemKind): boolean {
  return kind.endsWith('private-key');
}

/** True when a legacy (RFC 1421) PEM block says it is encrypted (`Proc-Type: 4,ENCRYPTED`). */
export function hasLegacyEncryption(block: PemBlock): boolean {
  return block.headers['Proc-Type']?.endsWith('ENCRYPTED') === true;
}

/** True when the text is an OpenSSH one-line public key (`ssh-rsa AAAA…`), which is not PEM at all. */
export function isSshPublicKeyLine(text: string): boolean {
  return /^(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp\d+) AAAA/.test(text);
}
