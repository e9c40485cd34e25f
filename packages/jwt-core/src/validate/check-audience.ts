import { classifyHost } from '../audience/families.js';
import { normalizeLoginUrl } from '../audience/normalize-url.js';
import { resolveEndpoints, type AppType } from '../audience/resolve.js';
import { parseLoginUrl } from '../audience/url.js';
import { isJwtCoreError } from '../errors.js';
import type { JsonObject } from './decode.js';
import { finding, type Finding } from './findings.js';

/** What the audience is checked against. */
export interface AudienceExpectation {
  readonly instanceUrl?: string | undefined;
  readonly audience?: string | undefined;
  readonly appType?: AppType | undefined;
}

const AUD_FIX =
  'Use scheme + host: https://login.salesforce.com, https://test.salesforce.com, your My Domain URL, or the site URL.';

/**
 * `aud` checks: the audience rule below, then the fit with the instance.
 *
 * The audience rule — the salesforce-emulator's token endpoint states and applies the same one:
 * - `aud` is ONE string. An array, even of one element, is refused: Salesforce documents a single URL and RFC 7523
 *   compares a single string.
 * - It is `https://host`: the scheme is required (a bare host gets "audience is invalid"); http only for a loopback
 *   emulator; no user info, query or fragment.
 * - No path: the documented audiences (login, test, My Domain) are scheme + host. Only an Experience Cloud site's URL
 *   keeps its path prefix. No port other than the scheme's default, except on loopback.
 * - Tolerated, with a warning: one trailing slash (the official CLI sends `https://host/` and its logins work).
 * - Equal without a finding: upper-case scheme or host and an explicit default port (`:443`) — the same origin.
 */
export function checkAudience(claims: JsonObject, expected: AudienceExpectation): Finding[] {
  const aud = claims['aud'];
  if (aud === undefined) return [finding('AUD_MISSING', 'The claims have no "aud".', AUD_FIX)];
  const out: Finding[] = [];
  let values: unknown[] = [aud];
  if (Array.isArray(aud)) {
    if (aud.length === 0) return [finding('AUD_MISSING', 'aud is an empty array.', AUD_FIX)];
    // RFC 7519 allows an array, but Salesforce documents one URL and RFC 7523 compares one string: refused.
    out.push(
      finding(
        'AUD_ARRAY',
        `aud is an array of ${aud.length}; aud must be a single string, not an array.`,
        `Send aud as one string${typeof aud[0] === 'string' ? `: "${aud[0]}"` : ''}.`,
      ),
    );
    values = aud;
  }
  const normalized: string[] = [];
  for (const value of values) {
    if (typeof value !== 'string' || value.trim() === '') {
      out.push(finding('AUD_TYPE', `aud must be a URL string, not ${JSON.stringify(value)}.`, AUD_FIX));
      continue;
    }
    const base = checkAudienceString(value, out);
    if (base !== undefined) normalized.push(base);
  }
  if (normalized.length > 0) out.push(...checkFit(normalized, expected));
  return out;
}

/** String-level checks of one aud value; returns its normalized form when it is a usable URL. */
function checkAudienceString(aud: string, out: Finding[]): string | undefined {
  if (aud.trim() !== aud) {
    out.push(
      finding(
        'AUD_INVALID',
        `aud ${JSON.stringify(aud)} has surrounding whitespace; Salesforce compares it as a plain string.`,
        AUD_FIX,
      ),
    );
    return undefined;
  }
  if (!aud.includes('://')) {
    // Salesforce answers a bare host as aud with `audience is invalid`.
    out.push(
      finding(
        'AUD_NO_SCHEME',
        `aud ${aud} has no scheme; Salesforce answers "audience is invalid".`,
        `Use https://${aud.replace(/\/+$/, '')}.`,
      ),
    );
    return undefined;
  }
  let parsed;
  try {
    parsed = parseLoginUrl(aud, 'audience');
  } catch (err) {
    if (!isJwtCoreError(err)) throw err;
    const code =
      err.code === 'ERR_URL_NOT_HTTPS'
        ? 'AUD_NOT_HTTPS'
        : err.code === 'ERR_URL_LIGHTNING'
          ? 'AUD_LIGHTNING'
          : 'AUD_INVALID';
    out.push(finding(code, err.message, err.fix));
    return undefined;
  }
  const host = classifyHost(parsed);
  const path = parsed.url.pathname;
  const siteLike = host.family === 'site' || host.family === 'custom';
  if (path !== '/' && !siteLike) {
    // The documented audiences are scheme + host; a path is outside them (a full token URL's tolerance is unconfirmed).
    out.push(
      finding(
        'AUD_HAS_PATH',
        `aud ${aud} has a path; the documented audiences are scheme + host.`,
        `Use ${host.base}.`,
      ),
    );
  } else if (parsed.url.port !== '' && !parsed.loopback) {
    out.push(
      finding(
        'AUD_INVALID',
        `aud ${aud} has the port ${parsed.url.port}; Salesforce audiences have none.`,
        `Use ${host.base.replace(/:\d+$/, '')}.`,
      ),
    );
    return undefined;
  } else if (aud.endsWith('/')) {
    // The CLI sends a trailing slash (URL.href); whether it matters is uncertain, RFC 7523 compares strings (§2.3).
    out.push(
      finding(
        'AUD_TRAILING_SLASH',
        `aud ${aud} ends with a slash; audiences are compared as plain strings.`,
        `Use ${host.base}.`,
      ),
    );
  }
  return host.base;
}

function checkFit(auds: readonly string[], expected: AudienceExpectation): Finding[] {
  const out: Finding[] = [];
  if (expected.audience !== undefined) {
    const want = normalizeLoginUrl(expected.audience, 'audience');
    if (!auds.includes(want)) {
      out.push(
        finding('AUD_MISMATCH', `aud is ${auds.join(', ')}, not the expected ${want}.`, `Sign with aud ${want}.`),
      );
    }
  }
  if (expected.instanceUrl !== undefined) {
    const resolved = resolveEndpoints({ instanceUrl: expected.instanceUrl, appType: expected.appType });
    const host = resolved.candidates[0]!.tokenHost;
    // Only pairs that POST to this instance count: a login-host/test-aud cross pair is rejected.
    const fitting = [...new Set(resolved.candidates.filter((c) => c.tokenHost === host).map((c) => c.audience))];
    if (!auds.some((a) => fitting.includes(a))) {
      out.push(
        finding(
          'AUD_MISMATCH_INSTANCE',
          `aud ${auds.join(', ')} does not fit ${host} (${resolved.family}${resolved.sandbox ? ', sandbox' : ''}): for that host use ${fitting.join(' or ')}.`,
          `Sign with aud ${fitting[0]!} (resolveEndpoints({ instanceUrl: '${host}' }) picks it).`,
          { kind: 'audience-for-instance', audience: fitting[0]!, instanceUrl: host },
        ),
      );
    }
  }
  return out;
}
