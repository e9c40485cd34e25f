import { TransportError } from '../errors.js';
import { instanceOriginProblem, isPrintableAccessToken } from './instance-url.js';
import type { ParsedToken } from './types.js';

function invalid(tokenHost: string, problem: string, details: Record<string, unknown> = {}): TransportError {
  return new TransportError(
    'ERR_TOKEN_RESPONSE_INVALID',
    `The token response from ${tokenHost} is unusable: ${problem}.`,
    {
      fix: 'Check that the login URL points at Salesforce (or your emulator) and not at a proxy or another service.',
      details: { tokenHost, ...details },
    },
  );
}

/** A server value for a message: JSON-quoted (control characters escaped) and cut at 200 characters. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}… (${value.length} characters)` : value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A Salesforce Id with its key prefix: 15 characters, or 18 with the case-safe suffix. */
const ORG_ID = /^00D[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;
const USER_ID = /^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;

/** `…/id/<orgId>/<userId>`: the ids are the last two path segments, an org Id (00D…) then a user Id (005…). */
export function idSegments(id: string): readonly [string, string] | undefined {
  let path: string;
  try {
    path = new URL(id).pathname;
  } catch {
    return undefined;
  }
  const segments = path.split('/').filter((s) => s !== '');
  const orgId = segments.at(-2);
  const userId = segments.at(-1);
  return orgId !== undefined && ORG_ID.test(orgId) && userId !== undefined && USER_ID.test(userId)
    ? [orgId, userId]
    : undefined;
}

/**
 * Validates the shape of a 2xx token response. Lenient like Salesforce's own clients: only `access_token`,
 * `instance_url` and `id` are required, as non-empty strings. Field values are never put in messages: one of them is a token.
 */
export function parseTokenResponse(json: unknown, tokenHost: string): ParsedToken {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalid(tokenHost, 'the body is not a JSON object');
  }
  const body = json as Record<string, unknown>;
  const missing = ['access_token', 'instance_url', 'id'].filter((k) => optionalString(body[k]) === undefined);
  if (missing.length > 0) {
    throw invalid(tokenHost, `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing or not a string`, {
      missing,
    });
  }
  const accessToken = body['access_token'] as string;
  const instanceUrl = body['instance_url'] as string;
  const id = body['id'] as string;
  const problem = instanceOriginProblem(instanceUrl);
  // Plain http to a remote host has its own code (ERR_INSECURE_INSTANCE_URL, see assertSecureInstanceUrl).
  if (problem !== undefined && problem !== 'is not https') {
    throw invalid(tokenHost, `instance_url ${quoted(instanceUrl)} ${problem} (an origin was expected)`);
  }
  if (!isPrintableAccessToken(accessToken)) {
    throw invalid(tokenHost, 'access_token holds spaces, line breaks or other characters a token never has');
  }
  const ids = idSegments(id);
  if (ids === undefined) {
    throw invalid(tokenHost, `id ${quoted(id)} is not an identity URL ending in /<orgId>/<userId>`);
  }
  const issuedAtText = optionalString(body['issued_at']);
  const issuedAt = issuedAtText !== undefined && /^\d+$/.test(issuedAtText) ? Number(issuedAtText) : undefined;
  const scope = optionalString(body['scope']);
  const tokenType = optionalString(body['token_type']);
  const signature = optionalString(body['signature']);
  return {
    accessToken,
    instanceUrl: instanceUrl.replace(/\/+$/, ''),
    id,
    orgId: ids[0],
    userId: ids[1],
    ...(scope === undefined ? {} : { scope }),
    ...(issuedAt === undefined ? {} : { issuedAt }),
    ...(tokenType === undefined ? {} : { tokenType }),
    ...(signature === undefined ? {} : { signature }),
  };
}
