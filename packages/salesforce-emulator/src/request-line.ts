// One human line per request for `--verbose`: what was asked, what was answered, why. No tokens or signatures.
import type { RequestRecord } from './stats.js';

export function describeRequest(r: RequestRecord): string {
  const result = r.outcome === 'answered' ? String(r.status) : r.outcome;
  const parts = [`${r.method} ${r.path.length > 120 ? `${r.path.slice(0, 117)}...` : r.path} → ${result}`];
  if (r.loginHost !== undefined) parts.push(`as ${r.loginHost}`);
  const claims = r.assertion?.claims;
  if (claims !== undefined)
    parts.push(`iss=${String(claims.iss)} sub=${String(claims.prn ?? claims.sub)} aud=${String(claims.aud)}`);
  if (r.error !== undefined) parts.push(`${r.error.error}: ${r.error.error_description}`);
  else if (r.username !== undefined) parts.push(`user=${r.username}`);
  if (r.fault !== undefined) parts.push(`fault: ${r.fault}`);
  return parts.join(' | ');
}
