/**
 * Salesforce's audience rule as one table, played against both referees: jwt-core's `validate` (an error finding =
 * `refused`, a warning = `tolerated`) and the salesforce-emulator's token endpoint ("audience is invalid" = `refused`).
 * The rule: `aud` is one string, `https://host` (http only for loopback), no path (one trailing slash tolerated), no
 * query, no port but the default; scheme and host are case-insensitive. One table, so the two cannot drift apart.
 */
export type AudienceVerdict = 'accepted' | 'tolerated' | 'refused';
export const AUDIENCE_RULE_CASES: readonly (readonly [aud: unknown, verdict: AudienceVerdict, why: string])[] = [
  ['https://login.salesforce.com', 'accepted', 'scheme + host'],
  ['https://login.salesforce.com/', 'tolerated', 'one trailing slash (the official CLI sends it)'],
  ['HTTPS://LOGIN.SALESFORCE.COM', 'accepted', 'scheme and host are case-insensitive'],
  ['https://Login.Salesforce.com/', 'tolerated', 'case and a trailing slash'],
  ['https://login.salesforce.com:443', 'accepted', 'the default port names the same origin'],
  ['https://login.salesforce.com:8443', 'refused', 'another port'],
  [['https://login.salesforce.com'], 'refused', 'a single-element array'],
  [['https://login.salesforce.com', 'https://test.salesforce.com'], 'refused', 'an array'],
  ['https://login.salesforce.com/services/oauth2/token', 'refused', 'a path (the token URL)'],
  ['https://login.salesforce.com/x', 'refused', 'a path'],
  ['https://login.salesforce.com//', 'refused', 'two slashes: a path'],
  ['https://login.salesforce.com?x=1', 'refused', 'a query'],
  ['login.salesforce.com', 'refused', 'no scheme'],
  ['http://login.salesforce.com', 'refused', 'http'],
];

/**
 * An External Client App's (token host, `aud`) pairs as Salesforce answers them, for the emulator's token endpoint and
 * jwt-core's diagnosis alike. `myDomain` is the app's own org's My Domain. Each row cites its public source; `inferred`
 * rows have none and are what the live-org suite should confirm (emulator README, "Unconfirmed answers").
 */
export type EcaPairHost = 'myDomain' | 'login' | 'test';
export type EcaPairAnswer = 'token' | 'app_not_found' | 'audience is invalid';
export const ECA_PAIR_CASES: readonly (readonly [
  host: EcaPairHost,
  aud: EcaPairHost,
  answer: EcaPairAnswer,
  source: string,
])[] = [
  ['myDomain', 'myDomain', 'token', "n8n#28990 (the fix: My Domain for both); Salesforce's ECA docs"],
  ['test', 'test', 'app_not_found', 'forcedotcom/cli#3482 (sandbox ECA); n8n#28990'],
  ['login', 'login', 'app_not_found', 'forcedotcom/cli#3482'],
  ['test', 'login', 'audience is invalid', 'forcedotcom/cli#3482'],
  ['login', 'test', 'audience is invalid', 'inferred: the mirror of host test + aud login'],
  ['myDomain', 'login', 'app_not_found', 'inferred: ECAs need My Domain for both (2025–26 reports)'],
  ['myDomain', 'test', 'app_not_found', 'inferred: ECAs need My Domain for both (2025–26 reports)'],
  ['login', 'myDomain', 'app_not_found', 'inferred: the app lookup on login/test fails first'],
  ['test', 'myDomain', 'app_not_found', 'inferred: the app lookup on login/test fails first'],
];
