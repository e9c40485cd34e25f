// The baseline of the tarballs benchmark: the jsforce app wired by hand without the adapter, as apps do today (a
// Connection on a bare access token, no refreshFn): a query, the session revoked, the next query. Prints what it saw
// (the second query's error code when it fails), never a token.
import { readFileSync } from 'node:fs';
import { createTokenClient } from '@sfjwt/jwt-core';
import { Connection } from 'jsforce';

const env = (name) => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`Set ${name}.`);
  return value;
};

const salesforce = createTokenClient({
  clientId: env('SALESFORCE_CLIENT_ID'),
  username: env('SALESFORCE_USERNAME'),
  privateKey: readFileSync(env('SALESFORCE_KEY_FILE'), 'utf8'),
  instanceUrl: env('SALESFORCE_INSTANCE_URL'),
});
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
