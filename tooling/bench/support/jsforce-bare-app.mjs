// The baseline of the tarballs benchmark: the jsforce app wired by hand without the adapter, as apps do today (a
// Connection on a bare access token, no refreshFn): a query, the session revoked, the next query. Prints what it saw
// (the second query's error code when it fails), never a token.
import { Connection } from 'jsforce';
import { env, salesforce } from './salesforce.mjs';

const { instanceUrl, accessToken } = await salesforce.getToken();
const conn = new Connection({ instanceUrl, accessToken, version: '62.0' });
const soql = `SELECT Username FROM User WHERE Username = '${env('SALESFORCE_USERNAME')}'`;
const before = await conn.query(soql);
const revoke = await fetch(`${instanceUrl}/services/oauth2/revoke`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ token: accessToken }),
});
const after = await conn.query(soql).then(
  (result) => result.records.map((r) => r.Username),
  (error) => error.errorCode ?? error.name,
);
console.log(JSON.stringify({ before: before.records.map((r) => r.Username), revoke: revoke.status, after }));
