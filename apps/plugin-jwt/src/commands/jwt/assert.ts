import { Messages } from '@salesforce/core/messages';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { toSfError } from '../../shared/errors.js';
import { jwtKeyFileFlag } from '../../shared/flags.js';
import { audienceFlag, clientIdFlag, instanceUrlFlag, usernameFlag } from '../../shared/org-flags.js';
import { resolvePrivateKey } from '../../shared/key-input.js';
import { secretSources } from '../../shared/passphrase.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.assert');

/** `--json` result of `sf jwt assert`. The token is the command's output, so it is in the result. */
export type JwtAssertResult = {
  /** The compact JWS: a credential until `claims.exp`. */
  token: string;
  header: { alg: string; typ: string };
  claims: { iss: string; sub: string; aud: string; exp: number; iat: number; jti?: string };
  /** Where to POST it: `<tokenHost>/services/oauth2/token`. */
  tokenHost: string;
  /** Why this audience (the resolver's reason). */
  audienceReason: string;
  /** `exp` as an ISO 8601 instant. */
  expiresAt: string;
};

export default class JwtAssert extends SfCommand<JwtAssertResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    'client-id': clientIdFlag,
    username: usernameFlag,
    'jwt-key-file': jwtKeyFileFlag,
    'instance-url': instanceUrlFlag,
    audience: audienceFlag,
    // No default on purpose: leaving --expires-in out means the standard 180 s; giving it opts into a long lifetime.
    // eslint-disable-next-line sf-plugin/flag-min-max-default
    'expires-in': Flags.integer({ min: 1, summary: messages.getMessage('flags.expires-in.summary') }),
    jti: Flags.boolean({ summary: messages.getMessage('flags.jti.summary') }),
  };

  public async run(): Promise<JwtAssertResult> {
    const { flags } = await this.parse(JwtAssert);
    try {
      // Lazy: jwt-core is loaded only when the command runs, not for --help.
      const { buildClaims, resolveEndpoints, signAssertion, ASSERTION_HEADER } = await import('@sfjwt/jwt-core');
      const endpoints = resolveEndpoints({ instanceUrl: flags['instance-url'], audience: flags.audience });
      const expiresIn = flags['expires-in'];
      // Claims are checked before the key is read, so a typo never costs a passphrase prompt.
      const { claims, warnings } = buildClaims({
        clientId: flags['client-id'],
        username: flags.username,
        audience: endpoints.audience,
        now: Date.now,
        // An explicit --expires-in is the opt-in for a long-lived assertion (issue 3 §2).
        ...(expiresIn === undefined ? {} : { lifetimeSeconds: expiresIn, longLived: true }),
        ...(flags.jti ? { jti: true as const } : {}),
      });
      const { key } = await resolvePrivateKey({
        jwtKeyFile: flags['jwt-key-file'],
        ...secretSources((message) => this.secretPrompt({ message })),
      });
      const token = signAssertion(claims, key.keyObject);
      for (const warning of [...endpoints.warnings, ...warnings.map((w) => w.message)]) this.warn(warning);
      this.log(token);
      return {
        token,
        header: { ...ASSERTION_HEADER },
        claims: { ...claims },
        tokenHost: endpoints.tokenHost,
        audienceReason: endpoints.reason,
        expiresAt: new Date(claims.exp * 1000).toISOString(),
      };
    } catch (err) {
      throw toSfError(err);
    }
  }
}
