/**
 * Checks of the app settings both app kinds share: the callback URL and the contact email.
 */
import { AppMetadataError } from './app-metadata-error.js';
import { printable } from './names.js';

/**
 * Callback URL written when none is given: the one the sf CLI's web login listens on. The JWT bearer flow never
 * redirects, but both app kinds require a callback URL.
 *
 * @example
 * ```ts
 * const app = buildExternalClientApp({ name: 'Billing_Sync', certificate: certificatePem, contactEmail: 'admin@example.com', profiles: ['System Administrator'], callbackUrl: DEFAULT_CALLBACK_URL })
 * ```
 */
export const DEFAULT_CALLBACK_URL = 'http://localhost:1717/OauthRedirect';

/** Longest contact email (Salesforce email fields hold 80 characters). */
const MAX_EMAIL_LENGTH = 80;

/** Longest callback URL we write. */
const MAX_URL_LENGTH = 1024;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Checks a callback URL: https, or http to the local machine (localhost, 127.0.0.1, [::1]); no user name or
 * password in it.
 *
 * @throws {@link AppMetadataError} `ERR_APP_CALLBACK_URL_INVALID`
 */
export function checkCallbackUrl(value: string): string {
  const fail = (problem: string): never => {
    throw new AppMetadataError(
      'ERR_APP_CALLBACK_URL_INVALID',
      `The callback URL (\`callbackUrl\`) "${printable(value)}" ${problem}.`,
      {
        fix: `Give an https URL, or http://localhost with a port; leave \`callbackUrl\` out for ${DEFAULT_CALLBACK_URL} (the JWT bearer flow never uses it).`,
      },
    );
  };
  if (value.length > MAX_URL_LENGTH) fail(`is longer than ${MAX_URL_LENGTH} characters`);
  if (/\s/.test(value)) fail('contains whitespace');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('is not an absolute URL');
  }
  if (url.username !== '' || url.password !== '') fail('contains a user name or password');
  if (url.protocol === 'https:') return value;
  if (url.protocol === 'http:') {
    if (LOOPBACK_HOSTS.has(url.hostname)) return value;
    return fail('uses plain http to a host other than this machine');
  }
  return fail(`uses "${url.protocol}"; only https (or http to localhost) is allowed`);
}

const CONTACT_EMAIL_FIX =
  "Give one email address, such as admin@example.com, for Salesforce to contact the app's admin: Salesforce requires it in an app's header.";

/**
 * Checks a contact email: present (Salesforce requires it in an External Client App's header and in a Connected
 * App), one `local@domain.tld` address of at most 80 characters, as Salesforce's email fields take.
 *
 * @throws {@link AppMetadataError} `ERR_APP_CONTACT_EMAIL_INVALID`
 */
export function checkContactEmail(value: string | undefined): string {
  if (typeof value !== 'string') {
    throw new AppMetadataError(
      'ERR_APP_CONTACT_EMAIL_INVALID',
      'An app needs a contact email (`contactEmail`): Salesforce requires one.',
      { fix: CONTACT_EMAIL_FIX },
    );
  }
  const fail = (problem: string): never => {
    throw new AppMetadataError(
      'ERR_APP_CONTACT_EMAIL_INVALID',
      `The contact email (\`contactEmail\`) "${printable(value)}" ${problem}.`,
      { fix: CONTACT_EMAIL_FIX },
    );
  };
  if (value === '') fail('is empty');
  if (value.length > MAX_EMAIL_LENGTH)
    fail(`is ${value.length} characters long; at most ${MAX_EMAIL_LENGTH} are allowed`);
  // Pragmatic address shape: an unquoted local part, one @, a dotted domain of letters, digits and hyphens.
  const match = /^([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)$/.exec(value);
  if (match === null) return fail('is not an email address');
  const [, local = '', domain = ''] = match;
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) fail('has a misplaced dot before the @');
  if (domain.split('.').some((label) => label.startsWith('-') || label.endsWith('-')))
    fail('has a domain label that starts or ends with "-"');
  if (!/^[A-Za-z]{2,}$/.test(domain.split('.').pop() ?? '')) fail('does not end with a top-level domain such as .com');
  return value;
}
