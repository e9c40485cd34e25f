// A JKS reader written from the format (sun.security.provider.JavaKeyStore.engineLoad and KeyProtector.recover),
// independent of src/, so tests can look inside what createJavaKeyStore wrote. Checked against keytool-made stores.
import { createHash, X509Certificate } from 'node:crypto';
import { Buffer } from 'node:buffer';

export interface JksPrivateKeyEntry {
  readonly alias: string;
  readonly created: number;
  /** The EncryptedPrivateKeyInfo as stored. */
  readonly protectedKey: Buffer;
  readonly chain: X509Certificate[];
  readonly certificateTypes: string[];
}

export interface JksFile {
  readonly magic: number;
  readonly version: number;
  readonly entries: JksPrivateKeyEntry[];
  /** True when the trailing SHA-1 matches password + "Mighty Aphrodite" + contents. */
  readonly integrityOk: boolean;
}

const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();

export function readJks(bytes: Uint8Array, password: string): JksFile {
  const b = Buffer.from(bytes);
  let at = 0;
  const int = () => ((at += 4), b.readUInt32BE(at - 4));
  const long = () => ((at += 8), Number(b.readBigInt64BE(at - 8)));
  const take = (n: number) => ((at += n), b.subarray(at - n, at));
  const utf = () => take(b.readUInt16BE((at += 2) - 2)).toString('utf8');
  const magic = int();
  const version = int();
  const count = int();
  const entries: JksPrivateKeyEntry[] = [];
  for (let i = 0; i < count; i++) {
    const tag = int();
    if (tag !== 1) throw new Error(`entry ${i}: tag ${tag}, not a PrivateKeyEntry`);
    const alias = utf();
    const created = long();
    const protectedKey = Buffer.from(take(int()));
    const chain: X509Certificate[] = [];
    const certificateTypes: string[] = [];
    for (let n = int(), c = 0; c < n; c++) {
      certificateTypes.push(utf());
      chain.push(new X509Certificate(take(int())));
    }
    entries.push({ alias, created, protectedKey, chain, certificateTypes });
  }
  const expected = createHash('sha1')
    .update(utf16be(password))
    .update('Mighty Aphrodite')
    .update(b.subarray(0, at))
    .digest();
  const integrityOk = at + 20 === b.length && expected.equals(b.subarray(at));
  return { magic, version, entries, integrityOk };
}

/** Parses the EncryptedPrivateKeyInfo DER (short or 0x81/0x82 long lengths) into its OID bytes and encrypted data. */
export function splitEncryptedPrivateKeyInfo(der: Buffer): { algorithm: Buffer; data: Buffer } {
  const read = (at: number): { start: number; end: number } => {
    const first = der[at + 1]!;
    if (first < 0x80) return { start: at + 2, end: at + 2 + first };
    const n = first & 0x7f;
    let len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[at + 2 + i]!;
    return { start: at + 2 + n, end: at + 2 + n + len };
  };
  const outer = read(0);
  const algorithm = read(outer.start);
  const data = read(algorithm.end);
  return { algorithm: der.subarray(outer.start, algorithm.end), data: der.subarray(data.start, data.end) };
}

/** KeyProtector.recover: the PKCS#8 key, or throws when the check value fails (wrong password). */
export function recoverJksKey(protectedKey: Buffer, password: string): Buffer {
  const { data } = splitEncryptedPrivateKeyInfo(protectedKey);
  const salt = data.subarray(0, 20);
  const encrypted = data.subarray(20, data.length - 20);
  const check = data.subarray(data.length - 20);
  const pw = utf16be(password);
  const plain = Buffer.alloc(encrypted.length);
  let digest: Buffer = Buffer.from(salt);
  for (let i = 0; i < encrypted.length; i++) {
    if (i % 20 === 0) digest = createHash('sha1').update(pw).update(digest).digest();
    plain[i] = encrypted[i]! ^ digest[i % 20]!;
  }
  if (!createHash('sha1').update(pw).update(plain).digest().equals(check)) throw new Error('Cannot recover key');
  return plain;
}
