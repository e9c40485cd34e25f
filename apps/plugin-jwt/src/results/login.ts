/** The `--json` result of `sf jwt login`: plain data, the token redacted. */
import type { ExchangeAttempt } from '@sfjwt/jwt-core';

/** Why core cannot refresh, as a stable reason code. */
export type NoRefreshReason =
  'key-from-env' | 'key-from-stdin' | 'key-encrypted' | 'key-file-needs-repair' | 'key-file-unreadable';

/** What `--json` shows instead of the access token. */
export const REDACTED =
  '[REDACTED] the session is saved: "sf org auth show-access-token --target-org <username>" prints its token (no new login)';

export type LoginResult = {
  username: string;
  orgId: string;
  userId: string;
  instanceUrl: string;
  /** The token host that answered; stored as the auth's loginUrl (where refreshes go). */
  loginUrl: string;
  audience: string | null;
  /** Always {@link REDACTED}. */
  accessToken: string;
  isDevHub: boolean;
  /** Every alias of the username after the login. */
  aliases: string[];
  /** True when a login for the username existed and was updated in place. */
  replaced: boolean;
  /**
   * The key whose assertion Salesforce accepted (with several `--jwt-key-file`, the first that worked): its
   * public-key fingerprint (SHA-256) and where it came from (`file` is its absolute path, else null).
   */
  key: { fingerprint: string; source: 'file' | 'stdin' | 'env'; file: string | null };
  /** Whether sf can refresh the session by re-signing from a stored key path (the key that worked). */
  refresh:
    | { enabled: true; privateKey: string }
    | {
        enabled: false;
        reason: NoRefreshReason;
        /**
         * For a key from SFJWT_KEY or a key file that needed repair: the login to run again (as it is, in the same
         * folder and environment) so that sf gets a plain PEM key file to refresh from (--write-key-file).
         */
        command?: string;
      };
  attempts: ExchangeAttempt[];
  /**
   * Where the session was handed on (--github-output, --github-env, --dotenv-file): the files written, in that
   * order. Absent when none was asked for.
   */
  handedOffTo?: string[];
};
