// `app list` against a scripted org that refuses or garbles parts of its answer: each becomes a row marked unknown
// (or a kind not listed, or no login history), never a failed command.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OrgApiError, type AdminOrg, type ListedComponent } from '../../src/io/admin-org.js';
import { listApps } from '../../src/services/app-list.js';

const certificate = readFileSync(fileURLToPath(new URL('../fixtures/server.crt', import.meta.url)), 'utf8');
const NOW = Date.UTC(2027, 0, 1);

interface Script {
  readonly connectedListing?: Error;
  readonly loginHistory?: Error;
  readonly records: Record<string, Record<string, unknown> | undefined>;
}

function scriptedOrg(script: Script): AdminOrg {
  const listed: ListedComponent[] = [
    { type: 'ExtlClntAppGlobalOauthSettings', fullName: 'Good_glbloauth', id: null },
    { type: 'ExtlClntAppGlobalOauthSettings', fullName: 'Garbled_glbloauth', id: null },
    { type: 'ExtlClntAppGlobalOauthSettings', fullName: 'Hidden_glbloauth', id: null },
    { type: 'ConnectedApp', fullName: 'Legacy', id: null },
  ];
  return {
    username: 'admin@acme.com',
    instanceUrl: 'https://acme.my.salesforce.com',
    deploy: () => Promise.reject(new Error('not reached')),
    deployStatus: () => Promise.reject(new Error('not reached')),
    listMetadata: (types) => {
      if (types.includes('ConnectedApp') && script.connectedListing) return Promise.reject(script.connectedListing);
      return Promise.resolve(listed.filter((c) => types.includes(c.type)));
    },
    readMetadata: (_type, names) => Promise.resolve(names.map((n) => script.records[n])),
    query: <T>(soql: string): Promise<T[]> => {
      if (soql.includes('FROM LoginHistory') && script.loginHistory) return Promise.reject(script.loginHistory);
      return Promise.resolve([]);
    },
    assignPermissionSet: () => Promise.reject(new Error('not reached')),
  };
}

const context = { env: {}, now: () => NOW, secrets: { env: {}, prompt: undefined }, warn: () => undefined };
const input = { expiringWithinMs: undefined, targetOrg: 'admin' };

describe('app list against an org that refuses or garbles parts of its answer', () => {
  const records = {
    Good_glbloauth: {
      fullName: 'Good_glbloauth',
      certificate,
      consumerKey: '3MVG9GOODKEY0123456789',
      externalClientApplication: 'Good',
    },
    Garbled_glbloauth: {
      fullName: 'Garbled_glbloauth',
      certificate: '-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----',
      externalClientApplication: 'Garbled',
    },
    Hidden_glbloauth: undefined,
    Legacy: { fullName: 'Legacy', label: 'Legacy' },
  };

  it('marks a garbled certificate and an unreadable app unknown, with why; an app without OAuth is no JWT app', async () => {
    const r = await listApps(scriptedOrg({ records }), input, context);
    assert.deepEqual(
      r.apps.map((a) => [a.name, a.status, a.unknownReason]),
      [
        ['Good', 'valid', null],
        ['Garbled', 'unknown', 'the org returned a certificate that is not a readable X.509 certificate'],
        ['Hidden', 'unknown', 'the org did not let the admin read the global OAuth settings Hidden_glbloauth'],
      ],
    );
    assert.equal(r.apps[0]?.consumerKey, '3MVG9GOO…6789');
    assert.equal(r.loginHistory, 'read');
  });

  it('a kind the org refuses to list, and LoginHistory refused, are said, not fatal', async () => {
    const r = await listApps(
      scriptedOrg({
        records,
        connectedListing: new OrgApiError('INSUFFICIENT_ACCESS', 'no access'),
        loginHistory: new OrgApiError('INVALID_TYPE', 'sObject type LoginHistory is not supported'),
      }),
      input,
      context,
    );
    assert.deepEqual(r.unlisted, [{ type: 'connected-app', reason: 'INSUFFICIENT_ACCESS: no access' }]);
    assert.equal(r.loginHistory, 'unavailable');
    assert.equal(r.apps.length, 3);
  });
});
