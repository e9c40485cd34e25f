/**
 * The environment variables that may hold secrets, and the older names they replace. The sf CLI logs every variable
 * whose name starts with SF_ or SFDX_ at debug level (`SF_LOG_LEVEL=debug`, `--dev-debug`, into ~/.sf/sf-*.log), so a
 * secret must never be named like that: ours start with SFJWT_. The old SF_JWT_* names still work for now, with a
 * warning that says why to rename them; the new name wins when both are set.
 */
import { Messages } from '@salesforce/core/messages';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
let bundle: Messages<string> | undefined;
const messages = (): Messages<string> => (bundle ??= Messages.loadMessages('@sfjwt/plugin-jwt', 'errors'));

/** The private key's PEM text (CI secrets). */
export const KEY_ENV = 'SFJWT_KEY';
/** The passphrase of an encrypted private key (existing or new). */
export const PASSPHRASE_ENV = 'SFJWT_KEY_PASSPHRASE';
/** The new keystore's password. */
export const KEYSTORE_PASSWORD_ENV = 'SFJWT_KEYSTORE_PASSWORD';
/** An assertion to check. */
export const ASSERTION_ENV = 'SFJWT_ASSERTION';

/** Every secret variable, with the old name it replaces. */
export const SECRET_ENV_NAMES = [KEY_ENV, PASSPHRASE_ENV, KEYSTORE_PASSWORD_ENV, ASSERTION_ENV] as const;

/** The old name of a secret variable: SFJWT_KEY → SF_JWT_KEY. */
export function legacyName(name: (typeof SECRET_ENV_NAMES)[number]): string {
  return name.replace(/^SFJWT_/, 'SF_JWT_');
}

/** The environment a command's services read, and what to tell the user about old names. */
export interface SecretEnvironment {
  /** A copy of the environment in which each old name that is set (and whose new name is not) fills the new name. */
  readonly env: NodeJS.ProcessEnv;
  /** One sentence per old name that is set. Never the value. */
  readonly warnings: readonly string[];
}

/**
 * Maps the old SF_JWT_* names onto the new SFJWT_* ones. The process environment itself is left as it is.
 *
 * @param env - The process environment.
 */
export function secretEnvironment(env: NodeJS.ProcessEnv): SecretEnvironment {
  const mapped: NodeJS.ProcessEnv = { ...env };
  const warnings: string[] = [];
  for (const name of SECRET_ENV_NAMES) {
    const old = legacyName(name);
    const legacy = env[old];
    if (legacy === undefined || legacy === '') continue;
    if (env[name] !== undefined && env[name] !== '') {
      warnings.push(messages().getMessage('warning.LegacySecretEnvIgnored', [old, name, old]));
    } else {
      mapped[name] = legacy;
      warnings.push(messages().getMessage('warning.LegacySecretEnv', [old, name, old]));
    }
  }
  return { env: mapped, warnings };
}
