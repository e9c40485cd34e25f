// One request/response pair with Salesforce-like response helpers. Every answer carries a Date header from the
// emulator clock (clients compare clocks to diagnose `exp` problems, reference §4).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CatalogEntry } from '../errors-catalog.js';
import type { RequestRecord } from '../stats.js';

const NO_CACHE = 'no-cache,must-revalidate,max-age=0,no-store,private';
const MAX_BODY_BYTES = 1024 * 1024;

export class Exchange {
  private answered = false;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly url: URL,
    readonly record: RequestRecord,
    private readonly now: () => number,
  ) {}

  get method(): string {
    return this.req.method ?? 'GET';
  }

  get isAnswered(): boolean {
    return this.answered;
  }

  send(status: number, contentType: string | undefined, body: string, headers: Record<string, string> = {}): void {
    if (this.answered || this.res.destroyed) return;
    this.answered = true;
    this.res.sendDate = false;
    this.res.setHeader('Date', new Date(this.now()).toUTCString());
    this.res.setHeader('Cache-Control', NO_CACHE);
    if (contentType !== undefined) this.res.setHeader('Content-Type', contentType);
    for (const [name, value] of Object.entries(headers)) this.res.setHeader(name, value);
    this.res.setHeader('Content-Length', Buffer.byteLength(body));
    this.res.statusCode = status;
    this.record.status = status;
    this.record.outcome = 'answered';
    this.res.end(body);
  }

  json(status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.send(status, 'application/json;charset=UTF-8', JSON.stringify(body), headers);
  }

  text(status: number, body: string): void {
    this.send(status, 'text/plain;charset=UTF-8', body);
  }

  html(status: number, body: string): void {
    this.send(status, 'text/html;charset=UTF-8', body);
  }

  /** An OAuth error from the catalog: `{"error": …, "error_description": …}` with its status (HTTP 400). */
  oauthError(entry: CatalogEntry): void {
    this.record.error = { error: entry.error, error_description: entry.description };
    this.json(entry.status, { error: entry.error, error_description: entry.description });
  }

  redirect(location: string): void {
    this.send(302, undefined, '', { Location: location });
  }

  /** The request body as text; chunked bodies (no Content-Length) are read the same way. */
  async body(): Promise<string | undefined> {
    return (await this.bodyBytes(MAX_BODY_BYTES))?.toString('utf8');
  }

  /** The raw request body, or undefined when it exceeds `maxBytes` (the rest is not read). */
  async bodyBytes(maxBytes: number): Promise<Buffer | undefined> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.req) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > maxBytes) return undefined;
      chunks.push(buf);
    }
    return Buffer.concat(chunks);
  }

  /** Form parameters, or undefined when the body is not `application/x-www-form-urlencoded`. */
  async form(): Promise<URLSearchParams | undefined> {
    const type = (this.req.headers['content-type'] ?? '').toLowerCase();
    const body = await this.body();
    if (body === undefined || !type.startsWith('application/x-www-form-urlencoded')) return undefined;
    return new URLSearchParams(body);
  }

  /** The bearer token from `Authorization: Bearer …` (or the older `OAuth …`). */
  bearerToken(): string | undefined {
    const header = this.req.headers.authorization ?? '';
    const match = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(header.trim());
    return match?.[1];
  }
}
