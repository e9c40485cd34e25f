/**
 * Validation of the names and texts that go into app metadata. Salesforce API names (DeveloperName, fullName)
 * follow one rule: letters, digits and underscores only, starting with a letter, not ending with an underscore, no
 * two underscores in a row, and at most a per-type number of characters.
 */
import { showControls } from '../text/show-controls.js';
import { AppMetadataError } from './app-metadata-error.js';

/**
 * Longest name of most setup components (External Client Apps and their policy records among them: their
 * DeveloperName holds at most 40 characters).
 */
export const MAX_API_NAME_LENGTH = 40;

/** Longest permission set API name (PermissionSet.Name holds 80 characters). */
export const MAX_PERMISSION_SET_NAME_LENGTH = 80;

/** Longest label we write (Salesforce labels, MasterLabel, hold 80 characters). */
export const MAX_LABEL_LENGTH = 80;

/** Longest description we write (a permission set description holds 255 characters). */
export const MAX_DESCRIPTION_LENGTH = 255;

/** Longest profile name (Profile.Name holds 255 characters). */
const MAX_PROFILE_NAME_LENGTH = 255;

const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
// A permission set record id (key prefix 0PS), 15 or 18 characters; the ECA policy field is documented as taking ids.
const PERMISSION_SET_ID = /^0PS[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;

/** Why `value` is not an API name of at most `max` characters, or `undefined` when it is one. */
export function apiNameProblem(value: string, max: number): string | undefined {
  if (value === '') return 'is empty';
  if (/\s/.test(value)) return 'contains whitespace';
  const nonAscii = [...value].find((ch) => ch.charCodeAt(0) > 0x7f);
  if (nonAscii !== undefined)
    return `contains "${showControls(nonAscii)}", which is not an ASCII letter: Salesforce API names use only the letters A–Z and a–z, digits and underscores, starting with a letter`;
  if (!/^[A-Za-z]/.test(value)) return 'does not start with a letter';
  if (!API_NAME.test(value)) {
    const bad = [...value].find((ch) => !/[A-Za-z0-9_]/.test(ch)) ?? '';
    return `contains "${showControls(bad)}"; only letters, digits and underscores are allowed`;
  }
  if (value.endsWith('_')) return 'ends with an underscore';
  if (value.includes('__')) return 'contains two underscores in a row';
  if (value.length > max) return `is ${value.length} characters long; at most ${max} are allowed`;
  return undefined;
}

/** A suggestion of a valid API name made from any text: `Sales & Marketing` → `Sales_Marketing`. */
export function suggestApiName(value: string, max: number): string {
  const cleaned = value
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^[^A-Za-z]+/, '')
    .slice(0, max)
    .replace(/_+$/, '');
  return cleaned === '' ? 'My_App' : cleaned;
}

/**
 * Checks an app's API name.
 *
 * @param option - The option's name, for the message (`name`).
 * @param max - The type's limit.
 * @param why - Why the limit is what it is, when it is not the plain type limit.
 */
export function checkAppName(value: string, option: string, max: number, why = ''): string {
  const problem = apiNameProblem(value, max);
  if (problem === undefined) return value;
  throw new AppMetadataError(
    'ERR_APP_NAME_INVALID',
    `The app name (\`${option}\`) "${printable(value)}" ${problem}.${why}`,
    {
      fix: `Use an API name: letters, digits and single underscores, starting with a letter, at most ${max} characters (for example "${suggestApiName(value, max)}"). The label can hold any text.`,
      details: { option, max },
    },
  );
}

/** Checks a permission set reference: an API name of at most 80 characters, or a permission set id. */
export function checkPermissionSetName(value: string, option: string): string {
  if (PERMISSION_SET_ID.test(value)) return value;
  const problem = apiNameProblem(value, MAX_PERMISSION_SET_NAME_LENGTH);
  if (problem === undefined) return value;
  throw new AppMetadataError(
    'ERR_APP_PERMISSION_SET_INVALID',
    `The permission set (\`${option}\`) "${printable(value)}" ${problem}.`,
    {
      fix: `Give the permission set's API name (Setup → Permission Sets → API Name), not its label: letters, digits and single underscores, at most ${MAX_PERMISSION_SET_NAME_LENGTH} characters (for example "${suggestApiName(value, MAX_PERMISSION_SET_NAME_LENGTH)}").`,
      details: { option },
    },
  );
}

/**
 * Checks a profile name. Profiles are named by their label-like Name (`System Administrator`), so spaces are fine;
 * a comma is not, because the External Client App policy lists profiles comma-separated.
 */
export function checkProfileName(value: string, option: string): string {
  const fail = (problem: string): never => {
    throw new AppMetadataError(
      'ERR_APP_PROFILE_INVALID',
      `The profile (\`${option}\`) "${printable(value)}" ${problem}.`,
      {
        fix: 'Give the profile name exactly as Setup → Profiles lists it, for example "System Administrator" or "Minimum Access - API Only Integrations".',
        details: { option },
      },
    );
  };
  if (value.trim() === '') fail('is empty');
  if (value !== value.trim()) fail('starts or ends with whitespace');
  if (value.includes(',')) fail('contains a comma, which separates profiles in the app policy');
  if (hasControlCharacter(value)) fail('contains a control character');
  if (value.length > MAX_PROFILE_NAME_LENGTH)
    fail(`is ${value.length} characters long; at most ${MAX_PROFILE_NAME_LENGTH} are allowed`);
  return value;
}

/**
 * Checks free text (a label or a description): at most `max` characters, no control characters other than tab and
 * newline, and nothing XML 1.0 cannot carry. Any other character is fine: it is escaped when written.
 */
export function checkText(value: string, option: string, max: number): string {
  const fail = (problem: string): never => {
    throw new AppMetadataError('ERR_APP_TEXT_INVALID', `The \`${option}\` text ${problem}.`, {
      fix: `Give plain text of at most ${max} characters.`,
      details: { option, max },
    });
  };
  if (option === 'label' || option.endsWith('.label')) {
    if (value.trim() === '') fail('is empty');
    if (/[\n\r\t]/.test(value)) fail('contains a line break or tab; a label is one line');
  }
  if (hasControlCharacter(value)) fail('contains a control character');
  if (/[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value)) {
    fail('contains a character XML cannot carry (a lone surrogate or U+FFFE/U+FFFF)');
  }
  if ([...value].length > max) fail(`is ${[...value].length} characters long; at most ${max} are allowed`);
  return value;
}

/** True for C0 controls other than tab, LF and CR, and for DEL: XML 1.0 forbids most of them. */
function hasControlCharacter(value: string): boolean {
  return [...value].some((ch) => isControl(ch) && ch !== '\t' && ch !== '\n' && ch !== '\r');
}

function isControl(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

/** A value safe to quote in a message: control characters shown escaped (`\x1b`), long values cut. */
export function printable(value: string): string {
  const safe = showControls(value);
  return safe.length > 100 ? `${safe.slice(0, 100)}…` : safe;
}
