// A jsforce connection on the token client: typed, one line, and refreshed through the client when Salesforce ends
// the session (the dead token invalidated once, the next one shared with every connection and process).
import { readFileSync } from 'node:fs';
import { createTokenClient } from '@sfjwt/jwt-core';
import { jsforceConnectionConfig } from '@sfjwt/jsforce';
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

const conn = new Connection(await jsforceConnectionConfig(salesforce, { version: '62.0' }));
const { records } = await conn.query(`SELECT Username FROM User WHERE Username = '${env('SALESFORCE_USERNAME')}'`);
console.log(records[0]?.Username ?? 'no such user');
if (records.length !== 1) process.exitCode = 1;
