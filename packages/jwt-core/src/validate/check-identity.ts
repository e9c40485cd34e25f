import { checkClientId } from '../claims/client-id.js';
import { isJwtCoreError } from '../errors.js';
import type { JsonObject } from './decode.js';
import { finding, type Finding } from './findings.js';

const ISS_FIX = "Set iss to the app's Consumer Key, copied from 'Manage Consumer Details'.";
const SUB_FIX = "Set sub to the user's Salesforce username (not the email address).";

/** `iss` checks: the consumer key; wrong → `invalid_client_id` / `client identifier invalid`. */
export function checkIssuer(claims: JsonObject, expectedClientId: string | undefined): Finding[] {
  const iss = claims['iss'];
  if (iss === undefined) return [finding('ISS_MISSING', 'The claims have no "iss" (the consumer key).', ISS_FIX)];
  if (typeof iss !== 'string' || iss === '') {
    return [finding('ISS_TYPE', `iss must be a non-empty string, not ${JSON.stringify(iss)}.`, ISS_FIX)];
  }
  if (iss.trim() !== iss) {
    return [
      finding(
        'ISS_WHITESPACE',
        'iss has leading or trailing whitespace; Salesforce compares it exactly ("client identifier invalid").',
        'Remove the whitespace around the consumer key.',
      ),
    ];
  }
  const out: Finding[] = [];
  try {
    checkClientId(iss, []);
  } catch (err) {
    if (!isJwtCoreError(err, 'ERR_CLAIM_CLIENT_ID')) throw err;
    out.push(finding('ISS_INVALID', `iss is not a consumer key: ${err.message}`, err.fix));
  }
  if (expectedClientId !== undefined && iss !== expectedClientId.trim()) {
    out.push(
      finding('ISS_MISMATCH', `iss is ${iss}, not the expected consumer key ${expectedClientId.trim()}.`, ISS_FIX),
    );
  }
  return out;
}

/** `sub` (and legacy `prn`) checks: the exact username; if both are present `prn` wins. */
export function checkSubject(claims: JsonObject, expectedUsername: string | undefined): Finding[] {
  const out: Finding[] = [];
  const sub = claims['sub'];
  const prn = claims['prn'];
  if (prn !== undefined) {
    const differs = typeof sub === 'string' && sub !== prn;
    out.push(
      finding(
        'PRN_PRESENT',
        `The claims carry the legacy "prn" (${JSON.stringify(prn)})${differs ? `, which Salesforce uses instead of sub (${sub})` : ''}.`,
        'Drop prn and send the username in sub only.',
      ),
    );
  }
  if (sub === undefined) {
    if (typeof prn !== 'string') out.push(finding('SUB_MISSING', 'The claims have no "sub" (the username).', SUB_FIX));
  } else if (typeof sub !== 'string' || sub === '') {
    out.push(finding('SUB_TYPE', `sub must be a non-empty string, not ${JSON.stringify(sub)}.`, SUB_FIX));
  } else if (sub.trim() !== sub || /\s/.test(sub)) {
    out.push(
      finding(
        'SUB_WHITESPACE',
        `sub ${JSON.stringify(sub)} contains whitespace; Salesforce usernames never do.`,
        SUB_FIX,
      ),
    );
  } else if (!/^[^@]+@[^@]+\.[^@]+$/.test(sub)) {
    out.push(
      finding(
        'SUB_NOT_USERNAME',
        `sub ${JSON.stringify(sub)} does not have the form of a Salesforce username (name@example.com).`,
        SUB_FIX,
      ),
    );
  }
  const effective = typeof prn === 'string' ? prn : sub;
  if (expectedUsername !== undefined && typeof effective === 'string' && effective !== expectedUsername.trim()) {
    const which = typeof prn === 'string' ? 'prn (which Salesforce uses over sub)' : 'sub';
    out.push(
      finding(
        'SUB_MISMATCH',
        `${which} is ${effective}, not the expected username ${expectedUsername.trim()}.`,
        SUB_FIX,
      ),
    );
  }
  return out;
}
