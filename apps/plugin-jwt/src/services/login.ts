/**
 * `sf jwt login`: exchange, then save the auth where every sf command finds it. The org's metadata is fetched while
 * the state classes of @salesforce/core load, so a login costs two round trips; the only write comes last, under the
 * state lock.
 */
import { exportPrivateKeyPem } from '@sfjwt/jwt-core';
import { pluginError } from '../errors/plugin-error.js';
import { saveLogin } from '../io/auth-store.js';
import { handOffSession, type HandOffTargets } from '../io/ci-handoff.js';
import { writeFilesAtomically } from '../io/crash-safe-write.js';
import { fetchFromEnv } from '../io/http.js';
import { fetchOrgFields } from '../io/org-info.js';
import type { ResolvedPrivateKey } from '../io/key-input.js';
import { refreshPlan, type RefreshPlan } from '../io/refresh-plan.js';
import { resolveTimeoutMs } from '../io/timeout.js';
import { REDACTED, type LoginResult } from '../results/login.js';
import type { ServiceContext } from './context.js';
import { refreshCommand } from './refresh-advice.js';
import { keyThatWorked, prepareExchange, runExchange, type ExchangeInput } from './exchange.js';

/** The exchange's flags plus what to do with the saved auth. */
export interface LoginInput extends ExchangeInput {
  readonly alias: string | undefined;
  readonly setDefault: boolean;
  readonly setDefaultDevHub: boolean;
  /** Where to hand the session on (GitHub step outputs, job env, a dotenv file); nothing by default. */
  readonly handOff?: HandOffTargets;
  /** Hand the access token on too (only with {@link LoginInput.handOff}). */
  readonly withAccessToken?: boolean;
  /** Write the key that worked here as plain PEM (0600) and save this path for sf's refresh. */
  readonly writeKeyFile?: string | undefined;
}

/**
 * The refresh plan, after writing the key that worked as plain PEM to `writeKeyFile` when asked (an encrypted key
 * is refused before the exchange, see {@link login}): sf's refresh then signs from that clean copy.
 */
async function refreshPlanFor(used: ResolvedPrivateKey, input: LoginInput): Promise<RefreshPlan> {
  if (input.writeKeyFile === undefined) return refreshPlan(used);
  const [path] = await writeFilesAtomically(
    [{ path: input.writeKeyFile, content: exportPrivateKeyPem(used.key.keyObject), mode: 0o600 }],
    { force: input.handOff?.force ?? false, inputs: used.path === undefined ? [] : [used.path] },
  );
  return { refreshable: true, privateKeyPath: path! };
}

/** Logs in and saves the auth; the exchange's warnings go to `context.warn` before anything is saved. */
export async function login(input: LoginInput, context: ServiceContext): Promise<LoginResult> {
  const prepared = await prepareExchange(input, context.secrets, context.now);
  // Never a decrypted copy of a key on disk: refused before the login, not after.
  if (input.writeKeyFile !== undefined && (prepared.keys ?? [prepared.key]).some((k) => k.key.encrypted))
    throw pluginError('KeyWriteEncrypted');
  const token = await runExchange(prepared, context);
  context.mask?.(token.accessToken);
  for (const warning of token.warnings) context.warn(warning);
  const username = input.username.trim();
  // With several keys, the one Salesforce accepted is the one sf re-signs with.
  const used = keyThatWorked(prepared, token.keyFingerprint);
  // One round trip for the org's metadata; @salesforce/core's state classes load meanwhile. Reading and writing sf's state comes
  // after, under the state lock (parallel logins into one HOME must not tear alias.json).
  const [plan, org] = await Promise.all([
    refreshPlanFor(used, input),
    fetchOrgFields(fetchFromEnv(context.env), token.instanceUrl, token.accessToken, context.now, {
      deadlineMs: resolveTimeoutMs(input.timeoutSeconds, context.env),
    }),
    import('@salesforce/core/stateAggregator'),
  ]);
  const saved = await saveLogin(
    {
      username,
      accessToken: token.accessToken,
      instanceUrl: token.instanceUrl,
      loginUrl: token.tokenHost,
      orgId: token.orgId,
      userId: token.userId,
    },
    {
      clientId: input.clientId.trim(),
      privateKeyPath: plan.refreshable ? plan.privateKeyPath : undefined,
      org,
      alias: input.alias,
      setDefault: input.setDefault,
      setDefaultDevHub: input.setDefaultDevHub,
    },
    { warn: context.warn },
  );
  const handedOffTo =
    input.handOff === undefined
      ? []
      : await handOffSession(
          {
            instanceUrl: token.instanceUrl,
            username,
            orgId: token.orgId,
            alias: input.alias,
            accessToken: input.withAccessToken === true ? token.accessToken : undefined,
          },
          input.handOff,
          context.env,
        );
  return {
    username,
    orgId: token.orgId,
    userId: token.userId,
    instanceUrl: token.instanceUrl,
    loginUrl: token.tokenHost,
    audience: token.audience ?? null,
    accessToken: REDACTED,
    isDevHub: org.isDevHub,
    aliases: saved.aliases,
    replaced: saved.replaced,
    key: {
      fingerprint: token.keyFingerprint ?? '',
      source: used.source,
      file: used.source === 'file' ? (used.path ?? null) : null,
    },
    refresh: plan.refreshable
      ? { enabled: true, privateKey: plan.privateKeyPath }
      : withCommand({ enabled: false, reason: plan.reason }, refreshCommand(input, used, plan.reason)),
    attempts: token.attempts.map((a) => ({ ...a })),
    ...(handedOffTo.length === 0 ? {} : { handedOffTo }),
  };
}

function withCommand<R extends object>(refresh: R, command: string | undefined): R & { command?: string } {
  return command === undefined ? refresh : { ...refresh, command };
}
