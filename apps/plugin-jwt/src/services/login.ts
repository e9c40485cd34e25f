/**
 * `sf jwt login`: exchange, then save the auth where every sf command finds it. The org's metadata is fetched while
 * the state classes of @salesforce/core load, so a login costs two round trips; the only write comes last, under the
 * state lock.
 */
import { saveLogin } from '../io/auth-store.js';
import { fetchFromEnv } from '../io/http.js';
import { fetchOrgFields } from '../io/org-info.js';
import { refreshPlan } from '../io/refresh-plan.js';
import { resolveTimeoutMs } from '../io/timeout.js';
import { REDACTED, type LoginResult } from '../results/login.js';
import type { ServiceContext } from './context.js';
import { keyThatWorked, prepareExchange, runExchange, type ExchangeInput } from './exchange.js';

/** The exchange's flags plus what to do with the saved auth. */
export interface LoginInput extends ExchangeInput {
  readonly alias: string | undefined;
  readonly setDefault: boolean;
  readonly setDefaultDevHub: boolean;
}

/** Logs in and saves the auth; the exchange's warnings go to `context.warn` before anything is saved. */
export async function login(input: LoginInput, context: ServiceContext): Promise<LoginResult> {
  const prepared = await prepareExchange(input, context.secrets, context.now);
  const token = await runExchange(prepared, context);
  for (const warning of token.warnings) context.warn(warning);
  const username = input.username.trim();
  // With several keys, the one Salesforce accepted is the one sf re-signs with.
  const used = await keyThatWorked(prepared, token.keyFingerprint);
  // One round trip for the org's metadata; @salesforce/core's state classes load meanwhile. Reading and writing sf's state comes
  // after, under the state lock (parallel logins into one HOME must not tear alias.json).
  const [plan, org] = await Promise.all([
    refreshPlan(used),
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
      : { enabled: false, reason: plan.reason },
    attempts: token.attempts.map((a) => ({ ...a })),
  };
}
