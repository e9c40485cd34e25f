import { ClaimError } from '../errors.js';
import type { ClaimWarning } from './types.js';

const FIX = "Give the user's Salesforce username (Setup → Users → Username), not the email address.";
// Salesforce usernames are at most 80 characters and have the form of an email address.
const MAX_USERNAME = 80;

/**
 * Check a username for use as `sub` and return it trimmed. Salesforce wants the exact username, not the email
 *.
 *
 * @throws ClaimError `ERR_CLAIM_USERNAME`
 */
export function checkUsername(input: string, warnings: ClaimWarning[]): string {
  const value = input.trim();
  const fail = (why: string): never => {
    throw new ClaimError('ERR_CLAIM_USERNAME', `The username ${why}.`, { fix: FIX });
  };
  if (value === '') fail('is empty');
  if (/\s/.test(value)) fail(`"${value}" contains whitespace`);
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(value)) fail('contains control characters');
  if (value.length > MAX_USERNAME)
    fail(`is ${value.length} characters long; Salesforce usernames have at most ${MAX_USERNAME}`);
  if (!/^[^@]+@[^@]+\.[^@]+$/.test(value)) {
    warnings.push({
      code: 'USERNAME_NOT_EMAIL',
      message: `"${value}" does not look like a Salesforce username, which has the form of an email address (name@example.com).`,
    });
  }
  return value;
}
