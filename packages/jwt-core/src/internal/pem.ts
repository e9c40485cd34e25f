/**
 * PEM text handling (RFC 7468, plus the RFC 1421 headers of legacy encrypted keys). Private to jwt-core: callers use
 * `normalizePem`, `loadPrivateKey` and `describeCertificate`, which turn what this finds into coded errors.
 */
import { Buffer } from 'node:buffer';

/** One `-----BEGIN LABEL----- … -----END LABEL-----` block. */
export interface PemBlock {
  /** The label, e.g. `RSA PRIVATE KEY`. */
  readonly label: string;
  /** RFC 1421 headers (`Proc-Type`, `DEK-Info`) of legacy encrypted keys; empty otherwise. */
  readonly headers: Readonly<Record<string, string>>;
  /** The base64 body with all whitespace removed (not validated). */
  readonly body: string;
}

/** What {@link parsePem} found in a text. */
export interface PemScan {
  /** Complete blocks, in order. */
  readonly blocks: readonly PemBlock[];
  /** Label of a `BEGIN` line that has no matching `END` line (a truncated block), if any. */
  readonly unterminated?: string;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
const BEGIN = /-----BEGIN ([A-Z0-9 ]+)-----/g;
// RFC 1421 headers as OpenSSL writes them. Matched by pattern (not by line) so a PEM whose newlines were stripped
// still yields them.
const PROC_TYPE = /Proc-Type:\s*([0-9]+,[A-Z]+)/;
const DEK_INFO = /DEK-Info:\s*([A-Za-z0-9-]+,[0-9A-Fa-f]+)/;

/** Finds the PEM blocks of a text. Text outside blocks ("explanatory text", RFC 7468 §5.2) is ignored. */
export function parsePem(text: string): PemScan {
  const blocks: PemBlock[] = [];
  const starts = new Set<number>();
  for (const match of text.matchAll(BLOCK)) {
    const label = match[1] ?? '';
    let inner = match[2] ?? '';
    const headers: Record<string, string> = {};
    const procType = PROC_TYPE.exec(inner);
    const dekInfo = DEK_INFO.exec(inner);
    if (procType?.[1] !== undefined) headers['Proc-Type'] = procType[1];
    if (dekInfo?.[1] !== undefined) headers['DEK-Info'] = dekInfo[1];
    inner = inner.replace(PROC_TYPE, '').replace(DEK_INFO, '');
    blocks.push({ label, headers, body: inner.replace(/\s+/g, '') });
    starts.add(match.index);
  }
  // A BEGIN line that did not start a complete block has lost its END line: the text was cut short.
  const unterminated = [...text.matchAll(BEGIN)].find((m) => !starts.has(m.index))?.[1];
  return unterminated === undefined ? { blocks } : { blocks, unterminated };
}

/** Writes a block the canonical way: headers, a blank line after them, the body wrapped at 64 characters. */
export function formatPemBlock(block: PemBlock): string {
  const lines = [`-----BEGIN ${block.label}-----`];
  const headerNames = Object.keys(block.headers);
  for (const name of headerNames) lines.push(`${name}: ${block.headers[name]}`);
  if (headerNames.length > 0) lines.push('');
  for (let i = 0; i < block.body.length; i += 64) lines.push(block.body.slice(i, i + 64));
  lines.push(`-----END ${block.label}-----`);
  return lines.join('\n') + '\n';
}

/** Wraps DER bytes as PEM with the given label. */
export function derToPem(label: string, der: Uint8Array): string {
  return formatPemBlock({ label, headers: {}, body: Buffer.from(der).toString('base64') });
}

/** True when `body` is well-formed base64 (whole quanta, padding only at the end). */
export function isBase64(body: string): boolean {
  return body.length > 0 && body.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(body);
}

/**
 * Decodes a block's body and checks the outer DER length against the bytes present, which catches bodies that are
 * valid base64 but cut short (lines lost when copying). Returns `undefined` when the body is damaged.
 */
export function decodePemBody(block: PemBlock): Uint8Array | undefined {
  if (!isBase64(block.body)) return undefined;
  const der = Buffer.from(block.body, 'base64');
  return derLengthMatches(der) ? der : undefined;
}

/** True when `der` starts with a SEQUENCE whose encoded length equals the bytes present. */
export function derLengthMatches(der: Uint8Array): boolean {
  if (der.length < 2 || der[0] !== 0x30) return false;
  const first = der[1] ?? 0;
  if (first < 0x80) return 2 + first === der.length;
  const count = first & 0x7f;
  if (count === 0 || count > 4 || der.length < 2 + count) return false;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + (der[2 + i] ?? 0);
  return 2 + count + length === der.length;
}
