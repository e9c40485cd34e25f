// grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer, checked in Salesforce's order:
// scope param → assertion decode → login/test host vs aud pair → iss/app (and ECA host) → signature → exp → aud →
// user → approval → rate limit.
//
// An External Client App's (host, aud) matrix, each row with its source ("inferred" where no report shows it):
//   host My Domain + aud the same My Domain  → token            (n8n#28990: the fix; Salesforce's ECA docs)
//   host test      + aud test               → app_not_found     (forcedotcom/cli#3482, sandbox ECA; n8n#28990)
//   host login     + aud login              → app_not_found     (forcedotcom/cli#3482)
//   host test      + aud login              → audience is invalid (forcedotcom/cli#3482: the pair is checked first)
//   host login     + aud test               → audience is invalid (inferred: the mirror of the row above)
//   host login/test + aud a My Domain       → app_not_found     (inferred: the app lookup on login/test fails first)
//   host My Domain + aud login or test      → app_not_found     (inferred from the 2025–26 reports that ECAs need
//                                                                 My Domain for both; no report shows this exact pair)
// Per org (`ecaGenericHosts`, default off): "some orgs still accept them" (forcedotcom/cli#3482 and #3325,
// sfdx-hardis#1979, n8n#29016): host login (production) or test (sandbox) + the same aud → token.
// A Connected App on login/test with another aud: `audience is invalid`, or with audiencePolicy
// connectedAppAudienceMismatch `not-approved` "user hasn't approved this consumer" (restforce#886).
import type { App, Org, User } from '../config/model.js';
import { findOrg, findUser } from '../config/model.js';
import { decodeAssertion, expirySeconds, subject, verifyAssertion } from '../assertion.js';
import { CATALOG, type CatalogEntry } from '../errors-catalog.js';
import { audienceHost, hostLabel, requestHost, sameHost, type LoginHost } from '../hosts.js';
import type { Ctx } from '../context.js';
import type { Exchange } from '../http/exchange.js';
import { adminApproval } from '../policy.js';
import { accessScopes, tokenBody, type TokenBody } from './token-response.js';

export type TokenOutcome = { error: CatalogEntry } | { body: TokenBody };

export function jwtBearer(ctx: Ctx, ex: Exchange, params: URLSearchParams): TokenOutcome {
  const { model } = ctx;
  const host = requestHost(model, ex.req.headers.host);
  ex.record.loginHost = hostLabel(host, ctx.self);
  // Reference §4: a `scope` parameter is refused outright (qiita report).
  if (params.has('scope')) return { error: CATALOG.scopeNotSupported };
  const assertion = decodeAssertion(params.get('assertion') ?? '');
  if (assertion === undefined) return { error: CATALOG.invalidAssertion };
  ex.record.assertion = { header: assertion.header, claims: assertion.claims };
  const { claims } = assertion;
  // login vs test: a mismatched pair of the two generic hosts is refused before any app is looked up
  // (forcedotcom/cli#3482 shows it for an ECA; for a Connected App it was always "audience is invalid").
  const audMatch = audienceHost(model, ctx.self, claims.aud);
  if (audMatch.ok && genericPairMismatch(host, audMatch.host)) return { error: invalidAudience(ctx) };
  const app = typeof claims.iss === 'string' ? model.apps.find((a) => a.consumerKey === claims.iss) : undefined;
  if (app === undefined) return { error: CATALOG.invalidClientId };
  // An ECA is only resolvable through its own org's My Domain, or its generic host where the org allows (the matrix).
  if (
    app.type === 'external-client-app' &&
    !ecaResolvable(
      model.orgs.find((o) => o.id === app.org),
      host,
    )
  ) {
    return { error: CATALOG.appNotFound };
  }
  if (!verifyAssertion(assertion, app.publicKey)) return { error: CATALOG.invalidAssertion };
  const exp = expirySeconds(claims.exp);
  // A missing or non-numeric exp cannot be in the future: treated as expired (assumption, see README).
  if (exp === undefined || exp * 1000 <= ctx.now() - model.clockSkewSeconds * 1000)
    return { error: CATALOG.expiredAssertion };
  const audError = checkAudience(ctx, app, host, claims.aud);
  if (audError !== undefined) return { error: audError };
  const username = subject(claims);
  const user = username === undefined ? undefined : findUser(model, username);
  const org = user === undefined ? undefined : findOrg(model, user.org);
  if (user === undefined || org === undefined || !userReachable(host, org) || app.org !== org.id) {
    // Reference §4 (a–g): an unknown user or one of another org/login server reads as "not approved".
    return { error: CATALOG.notApproved };
  }
  const userError = checkUser(app, user) ?? checkApproval(ctx, app, user, org);
  if (userError !== undefined) return { error: userError };
  if (model.rateLimit !== false) {
    const recent = ctx.state.loginsWithin(user.username, model.rateLimit.windowSeconds * 1000);
    if (recent >= model.rateLimit.maxLogins) return { error: CATALOG.loginRateExceeded };
  }
  ctx.state.recordLogin(user.username);
  ex.record.username = user.username;
  const session = ctx.state.issueAccessToken(org, user, app, accessScopes(app.scopes));
  return { body: tokenBody(ctx, org, user, app, session) };
}

/** The host an ECA of `org` answers on: its My Domain, and login/test for its type when the org still allows. */
function ecaResolvable(org: Org | undefined, host: LoginHost): boolean {
  if (org === undefined) return false;
  if (host.kind === 'mydomain') return host.org.id === org.id;
  return org.ecaGenericHosts && host.kind === (org.type === 'production' ? 'login' : 'test');
}

/** Host and aud are login and test, one each. */
function genericPairMismatch(host: LoginHost, audHost: LoginHost): boolean {
  return host.kind !== 'mydomain' && audHost.kind !== 'mydomain' && host.kind !== audHost.kind;
}

function invalidAudience(ctx: Ctx): CatalogEntry {
  return ctx.model.audiencePolicy.invalidDescription === 'audience is invalid'
    ? CATALOG.audienceInvalid
    : CATALOG.audienceValidationFailed;
}

/** Which `aud` each (host, app) pair accepts (the matrix above for ECAs); undefined when accepted. */
function checkAudience(ctx: Ctx, app: App, host: LoginHost, aud: unknown): CatalogEntry | undefined {
  const invalid = invalidAudience(ctx);
  const match = audienceHost(ctx.model, ctx.self, aud);
  if (!match.ok) return invalid;
  const audHost = match.host;
  if (app.type === 'external-client-app') {
    if (sameHost(audHost, host)) return undefined;
    // My Domain host, aud login/test: app_not_found (the matrix above, inferred).
    return audHost.kind === 'mydomain' ? invalid : CATALOG.appNotFound;
  }
  if (host.kind !== 'mydomain') {
    if (sameHost(audHost, host)) return undefined;
    return ctx.model.audiencePolicy.connectedAppAudienceMismatch === 'not-approved' ? CATALOG.notApproved : invalid;
  }
  const org = host.org;
  const generic: LoginHost = org.type === 'production' ? { kind: 'login' } : { kind: 'test' };
  if (sameHost(audHost, generic)) return undefined;
  if (sameHost(audHost, host)) {
    // GovCloud wants login/test as aud; its My Domain reads as "not approved" (§2.2, ss-711).
    if (org.govCloud) return CATALOG.notApproved;
    return ctx.model.audiencePolicy.connectedAppMyDomain ? undefined : invalid;
  }
  return invalid;
}

/** login.salesforce.com serves production orgs, test.salesforce.com sandboxes and scratch orgs. */
function userReachable(host: LoginHost, org: Org): boolean {
  if (host.kind === 'login') return org.type === 'production';
  if (host.kind === 'test') return org.type !== 'production';
  return host.org.id === org.id;
}

function checkUser(app: App, user: User): CatalogEntry | undefined {
  if (!user.active) return CATALOG.inactiveUser;
  if (user.frozen) return CATALOG.authenticationFailure;
  if (user.ipRestricted && app.ipRelaxation === 'enforce') return CATALOG.ipRestricted;
  return undefined;
}

/** Reference §5: admin-approved = profile or permission set assigned; self-authorize = an approval with a refresh token. */
function checkApproval(ctx: Ctx, app: App, user: User, org: Org): CatalogEntry | undefined {
  if (app.policy.type === 'admin-approved') {
    const approval = adminApproval(app, user, org);
    if (approval === 'approved') return undefined;
    // Assigned only through an API-Integration-licensed permission set, which cannot carry apps: Salesforce says "not approved".
    return approval === 'only-via-api-integration-set' ? CATALOG.notApproved : CATALOG.notAdminApproved;
  }
  return ctx.state.hasRefreshApproval(user.username, app.consumerKey) ? undefined : CATALOG.notApproved;
}
