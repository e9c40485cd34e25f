// A jsforce connection on the token client: typed, one line, and refreshed through the client when Salesforce ends
// the session (the dead token invalidated once, the next one shared with every connection and process).
import { readFileSync } from 'node:fs';
import { createTokenClient } from '@sfjwt/jwt-core';
import { jsforceConnectionConfig } from '@sfjwt/jsforce';
import { Connection } from 'jsforce';

const { SALESFORCE_CLIENT_ID, SALESFORCE_USERNAME, SALESFORCE_KEY_FILE, SALESFORCE_INSTANCE_URL } = process.env;
if (!SALESFORCE_CLIENT_ID || !SALESFORCE_USERNAME || !SALESFORCE_KEY_FILE || !SALESFORCE_INSTANCE_URL)
  throw new Error('Set the SALESFORCE_ variables (see below).');

const salesforce = createTokenClient({
  clientId: SALESFORCE_CLIENT_ID,
  username: SALESFORCE_USERNAME,
  privateKey: readFileSync(SALESFORCE_KEY_FILE, 'utf8'),
  instanceUrl: SALESFORCE_INSTANCE_URL,
});

const conn = new Connection(await jsforceConnectionConfig(salesforce, { version: '62.0' }));
const { records } = await conn.query(`SELECT Username FROM User WHERE Username = '${SALESFORCE_USERNAME}'`);
console.log(records[0]?.Username ?? 'no such user');
if (records.length !== 1) process.exitCode = 1;
