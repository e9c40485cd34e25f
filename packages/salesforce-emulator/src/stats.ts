// What the emulator saw: counts per route and status, and one record per request. Never holds tokens, secrets,
// codes or signatures: only decoded assertion header/claims, which a client may log too.
import type { RouteName } from './config/types.js';

export type Outcome = 'answered' | 'reset' | 'hang' | 'aborted';

/** One request as the emulator saw it. */
export interface RequestRecord {
  seq: number;
  /** Emulator clock (ms) when the request arrived. */
  at: number;
  method: string;
  /** Path and query, with secret-bearing parameters replaced by `[redacted]`. */
  path: string;
  route: RouteName;
  /** The Host header as sent. */
  host: string;
  /** The Salesforce login host this request was treated as (token/authorize). */
  loginHost?: string;
  status?: number;
  outcome: Outcome;
  durationMs?: number;
  /** Transfer-Encoding: chunked (the sf CLI sends token requests chunked, without Content-Length). */
  chunked: boolean;
  userAgent?: string;
  grantType?: string;
  /** Decoded JWT bearer assertion (header and claims; the signature is left out). */
  assertion?: { header: Record<string, unknown>; claims: Record<string, unknown> };
  /** OAuth error answered, if any. */
  error?: { error: string; error_description: string };
  /** Username a token was issued to, or the session's user for REST calls. */
  username?: string;
  /** Fault applied to this request, e.g. `status 503`, `reset`, `latency 200ms`. */
  fault?: string;
}

export interface EmulatorStats {
  total: number;
  /** `"<route> <status>"` (or `"<route> reset"`, `"<route> hang"`) → count. */
  counts: Record<string, number>;
  requests: RequestRecord[];
}

const SECRET_PARAMS = [
  'token',
  'code',
  'refresh_token',
  'access_token',
  'client_secret',
  'code_verifier',
  'assertion',
  'oauth_token',
];

export function redactPath(pathAndQuery: string): string {
  const q = pathAndQuery.indexOf('?');
  if (q < 0) return pathAndQuery;
  const params = new URLSearchParams(pathAndQuery.slice(q + 1));
  for (const name of SECRET_PARAMS) if (params.has(name)) params.set(name, '[redacted]');
  return `${pathAndQuery.slice(0, q)}?${params.toString()}`;
}

export class StatsRecorder {
  private records: RequestRecord[] = [];
  private seq = 0;

  start(record: Omit<RequestRecord, 'seq' | 'outcome'>): RequestRecord {
    const full: RequestRecord = { ...record, seq: ++this.seq, outcome: 'aborted' };
    this.records.push(full);
    return full;
  }

  snapshot(): EmulatorStats {
    const counts: Record<string, number> = {};
    for (const r of this.records) {
      const key = `${r.route} ${r.outcome === 'answered' ? String(r.status) : r.outcome}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return { total: this.records.length, counts, requests: this.records.map((r) => structuredClone(r)) };
  }

  reset(): void {
    this.records = [];
  }
}
