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
