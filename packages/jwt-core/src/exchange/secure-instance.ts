import { isLoopbackHost } from '../audience/url.js';
import { TransportError } from '../errors.js';

/**
 * Refuses a token whose `instance_url` is plain http (loopback excepted, for a local emulator). Every later API call
 * would carry the access token in clear to that URL, so the answer is refused before anyone can use the token.
 * The URL is already known to parse as http(s) (see `parseTokenResponse`).
 */
export function assertSecureInstanceUrl(instanceUrl: string, tokenHost: string): TransportError | undefined {
  const url = new URL(instanceUrl);
  if (url.protocol === 'https:' || isLoopbackHost(url.hostname)) return undefined;
  const shown = url.origin.length > 200 ? `${url.origin.slice(0, 200)}… (${url.origin.length} characters)` : url.origin;
  return new TransportError(
    'ERR_INSECURE_INSTANCE_URL',
    `${tokenHost} issued a token for the plain-http instance URL ${shown}; the token was not used.`,
    {
      fix: 'Salesforce instance URLs are always https: check that the login URL reaches Salesforce and not an impostor or a misconfigured proxy.',
      details: { tokenHost, instanceUrl: shown },
    },
  );
}
