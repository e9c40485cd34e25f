import { ClaimError } from '../errors.js';
import { showControls } from '../text/show-controls.js';
import type { ClaimWarning } from './types.js';

const FIX =
  "Copy the Consumer Key from the app's 'Manage Consumer Details' (External Client App: Settings → OAuth Settings → Consumer Key and Secret).";

// Consumer keys are base64-ish: `3MVG9…` with letters, digits, `.` and `_`; a key set through ConnectedApp metadata is
// "alphanumeric, 8–256 chars". Be tolerant of the rest of base64's alphabet.
const KEY_CHARS = /^[A-Za-z0-9._\-+/=]+$/;
// Consumer secrets are long hex strings: a common paste mistake.
const SECRET_SHAPE = /^[0-9A-F]{32,}$/i;

/**
 * Check a consumer key for use as `iss` and return it trimmed. Wrong keys give `invalid_client_id` / `client
 * identifier invalid` at Salesforce, often from a typo or stray whitespace.
 *
 * @throws ClaimError `ERR_CLAIM_CLIENT_ID`
 */
export function checkClientId(input: string, warnings: ClaimWarning[]): string {
  const value = input.trim();
  const fail = (why: string): never => {
    throw new ClaimError('ERR_CLAIM_CLIENT_ID', `The client id (consumer key) ${why}.`, { fix: FIX });
  };
  if (value === '') fail('is empty');
  if (/\s/.test(value)) fail('contains whitespace; a consumer key is one unbroken string');
  if (value.includes('@')) fail(`"${showControls(value)}" looks like a username, not a consumer key`);
  if (/^https?:/i.test(value)) fail(`"${showControls(value)}" is a URL, not a consumer key`);
  if (/^["'`]|["'`]$/.test(value)) fail('is wrapped in quotes; give the key without them');
  if (!KEY_CHARS.test(value)) {
    const bad = [...value].find((ch) => !KEY_CHARS.test(ch)) ?? '';
    fail(`contains "${showControls(bad)}", which never appears in a consumer key`);
  }
  if (value.length < 8 || value.length > 256) fail(`is ${value.length} characters long; consumer keys have 8 to 256`);
  if (SECRET_SHAPE.test(value)) {
    warnings.push({
      code: 'CLIENT_ID_LOOKS_LIKE_SECRET',
      message:
        'The client id looks like a Consumer Secret (a long hex string); iss must be the Consumer Key (usually 3MVG…).',
    });
  } else if (!value.startsWith('3MVG')) {
    warnings.push({
      code: 'CLIENT_ID_UNUSUAL',
      message:
        'The client id does not start with 3MVG like generated consumer keys; fine if the key was set through metadata.',
    });
  }
  return value;
}
