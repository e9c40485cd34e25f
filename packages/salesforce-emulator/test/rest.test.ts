// The REST surface the sf CLI touches: versions, resources, SOQL, tooling, identity, revocation, 401 handling.
import assert from 'node:assert/strict';
import { startEmulator, type Emulator, type EmulatorConfig } from '../src/index.js';
import { to18 } from '../src/ids.js';
import { FORM, json, postAssertion, request } from './support/http.js';
import { signJws } from './support/jwt.js';
import {
  ACME,
  ADMIN_ID,
  CA_KEY,
  NOW,
  PROD_ID,
  SANDBOX_ID,
  SBX_CA_KEY,
  TEST,
  claims,
  demo,
  multiOrgConfig,
} from './support/setup.js';

const INVALID_SESSION = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];
const ACCOUNTS = [
  { Id: to18('0015g00000Acc01'), Name: 'Zeta Corp', Industry: 'Energy', Employees: 10 },
  { Id: to18('0015g00000Acc02'), Name: 'Alpha Inc', Industry: 'Banking', Employees: 250 },
  { Id: to18('0015g00000Acc03'), Name: 'Midway LLC', Industry: 'Energy', Employees: 40 },
];

function config(): EmulatorConfig {
  const base = multiOrgConfig();
  base.orgs[0]!.records = {
    Account: ACCOUNTS,
    ScratchOrgInfo: [{ Id: to18('2SR5g000000Scr1'), ScratchOrg: '00D5g000000Scr1', Status: 'Active' }],
    SandboxProcess: [
      { Id: to18('0GR5g000000Sbx1'), SandboxName: 'uat', Status: 'Completed', SandboxOrganization: '00D5g0000000Sbx' },
    ],
  };
  return base;
}

describe('REST surface', () => {
  let emulator: Emulator;
  let clock = NOW;
  let token = '';
  // `null`: no Authorization header (an explicit undefined would fall back to the default).
  const get = (path: string, bearer: string | null = token) =>
    request(`${emulator.url}${path}`, bearer === null ? {} : { headers: { authorization: `Bearer ${bearer}` } });
  const query = (soql: string, tooling = false) =>
    get(`/services/data/v67.0/${tooling ? 'tooling/' : ''}query?q=${encodeURIComponent(soql)}`);
  const login = async (iss = CA_KEY, sub = 'admin@acme.example', aud = ACME, host?: string) => {
    const res = await postAssertion(
      emulator.url,
      signJws(demo().privateKeyPem, claims(iss, sub, aud, { exp: clock / 1000 + 600 })),
      host === undefined ? {} : { host },
    );
    assert.equal(res.status, 200, res.body);
    return json<{ access_token: string }>(res).access_token;
  };

  before(async () => {
    emulator = await startEmulator(config(), { now: () => clock });
  });
  after(() => emulator.stop());
  beforeEach(async () => {
    token = await login();
  });

  it('GET /services/data lists versions 20.0 to 67.0 with release names, without a session', async () => {
    const res = await get('/services/data', null);
    assert.equal(res.status, 200);
    const list = json<{ label: string; url: string; version: string }[]>(res);
    assert.equal(list.length, 48);
    assert.deepEqual(list[0], { label: "Winter '11", url: '/services/data/v20.0', version: '20.0' });
    assert.deepEqual(list.at(-1), { label: "Summer '26", url: '/services/data/v67.0', version: '67.0' });
    assert.equal(list[46]?.label, "Spring '26");
  });

  it('GET /services/data/vNN.N answers the resource map; unknown versions are 404', async () => {
    const res = await get('/services/data/v67.0');
    assert.equal(res.status, 200);
    const map = json<Record<string, string>>(res);
    assert.equal(map.query, '/services/data/v67.0/query');
    assert.equal(map.tooling, '/services/data/v67.0/tooling');
    assert.equal(map.identity, `${emulator.url}/id/${PROD_ID}/${ADMIN_ID}`);
    const missing = await get('/services/data/v68.0');
    assert.equal(missing.status, 404);
    assert.deepEqual(json(missing), [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
  });

  it('answers 401 INVALID_SESSION_ID for no, unknown, revoked, all-revoked and timed-out tokens', async () => {
    for (const bearer of [null, 'garbage', `${PROD_ID.slice(0, 15)}!AQnotissued`]) {
      const res = await get('/services/data/v67.0', bearer);
      assert.equal(res.status, 401);
      assert.deepEqual(json(res), INVALID_SESSION);
    }
    const revoke = await request(`${emulator.url}/services/oauth2/revoke`, {
      body: `token=${encodeURIComponent(token)}`,
      headers: FORM,
    });
    assert.equal(revoke.status, 200);
    assert.equal(revoke.body, '');
    assert.deepEqual(json(await get('/services/data/v67.0')), INVALID_SESSION);

    token = await login();
    const live = emulator.state.sessions.size;
    assert.ok(live >= 1);
    assert.equal(emulator.revokeAllTokens(), live);
    assert.equal(emulator.state.sessions.size, 0);
    assert.equal((await get('/services/data/v67.0')).status, 401);

    token = await login();
    clock += 120 * 60_000; // the default session timeout
    assert.equal((await get('/services/data/v67.0')).status, 401);
  });

  it('revoke: unknown token and missing token are 400 with the documented codes', async () => {
    const revoke = (body: string) => request(`${emulator.url}/services/oauth2/revoke`, { body, headers: FORM });
    assert.deepEqual(json(await revoke('token=nope')), {
      error: 'invalid_token',
      error_description: 'Token was invalid',
    });
    assert.deepEqual(json(await revoke('')), {
      error: 'unsupported_token_type',
      error_description: 'Token type not supported',
    });
    const viaGet = await get(`/services/oauth2/revoke?token=${encodeURIComponent(token)}`, null);
    assert.equal(viaGet.status, 200);
  });

  it("SOQL: Organization answers the sf CLI's metadata query", async () => {
    const res = await query(
      'SELECT Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix, OrganizationType FROM Organization',
    );
    assert.equal(res.status, 200);
    assert.deepEqual(json(res), {
      totalSize: 1,
      done: true,
      records: [
        {
          attributes: { type: 'Organization', url: `/services/data/v67.0/sobjects/Organization/${PROD_ID}` },
          Name: 'Acme',
          InstanceName: 'EMU1',
          IsSandbox: false,
          TrialExpirationDate: null,
          NamespacePrefix: null,
          OrganizationType: 'Developer Edition',
        },
      ],
    });
  });

  it('SOQL: ScratchOrgInfo works in a Dev Hub and is INVALID_TYPE elsewhere', async () => {
    const devHub = await get(
      `/services/data/v51.0/query?q=${encodeURIComponent('SELECT Id FROM ScratchOrgInfo limit 1')}`,
    );
    assert.equal(devHub.status, 200);
    assert.equal(json<{ totalSize: number }>(devHub).totalSize, 1);
    token = await login(SBX_CA_KEY, 'admin@acme.example.uat', TEST, 'test.salesforce.com');
    const other = await query('SELECT Id FROM ScratchOrgInfo limit 1');
    assert.equal(other.status, 400);
    assert.deepEqual(json(other), [
      {
        message:
          "\nSELECT Id FROM ScratchOrgInfo limit 1\n               ^\nERROR at Row:1:Column:16\nsObject type 'ScratchOrgInfo' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.",
        errorCode: 'INVALID_TYPE',
      },
    ]);
    const org = json<{ records: { Id?: string; IsSandbox: boolean }[] }>(
      await query('SELECT Id, IsSandbox FROM Organization'),
    );
    assert.deepEqual(
      org.records.map((r) => [r.Id, r.IsSandbox]),
      [[SANDBOX_ID, true]],
    );
  });

  it('SOQL: configured records with WHERE, ORDER BY, LIMIT, OFFSET, COUNT() and column metadata', async () => {
    const names = async (soql: string) =>
      json<{ records: { Name: string }[] }>(await query(soql)).records.map((r) => r.Name);
    assert.deepEqual(await names('SELECT Id, Name FROM Account LIMIT 5'), ['Zeta Corp', 'Alpha Inc', 'Midway LLC']);
    assert.deepEqual(await names("select name from account where industry = 'ENERGY' order by Name"), [
      'Midway LLC',
      'Zeta Corp',
    ]);
    assert.deepEqual(await names('SELECT Name FROM Account WHERE Employees >= 40 ORDER BY Employees DESC LIMIT 1'), [
      'Alpha Inc',
    ]);
    assert.deepEqual(
      await names("SELECT Name FROM Account WHERE Name LIKE '%inc' OR Name = 'x'").catch(() => ['malformed']),
      ['malformed'],
    );
    assert.deepEqual(await names("SELECT Name FROM Account WHERE Industry NOT IN ('Energy') AND Name != 'x'"), [
      'Alpha Inc',
    ]);
    assert.deepEqual(await names('SELECT Name FROM Account ORDER BY Name LIMIT 1 OFFSET 1'), ['Midway LLC']);
    const count = json(await query("SELECT COUNT() FROM Account WHERE Industry = 'Energy'"));
    assert.deepEqual(count, { totalSize: 2, done: true, records: [] });
    const first = json<{ records: Record<string, unknown>[] }>(await query('SELECT Id, Name FROM Account LIMIT 1'))
      .records[0];
    assert.deepEqual(first, {
      attributes: { type: 'Account', url: `/services/data/v67.0/sobjects/Account/${ACCOUNTS[0]!.Id}` },
      Id: ACCOUNTS[0]!.Id,
      Name: 'Zeta Corp',
    });
    const columns = json<{
      columnMetadata: { columnName: string; apexType: string }[];
      entityName: string;
      keyPrefix: string;
    }>(
      await get(
        `/services/data/v67.0/query?q=${encodeURIComponent('SELECT Id, Name, Employees FROM Account')}&columns=true`,
      ),
    );
    assert.deepEqual(
      columns.columnMetadata.map((c) => [c.columnName, c.apexType]),
      [
        ['Id', 'Id'],
        ['Name', 'String'],
        ['Employees', 'Double'],
      ],
    );
    assert.equal(columns.entityName, 'Account');
    assert.equal(columns.keyPrefix, '001');
  });

  it('SOQL errors: unknown field, malformed query, missing q, standard objects without records', async () => {
    const field = await query('SELECT Id, Revenue FROM Account');
    assert.equal(field.status, 400);
    assert.equal(json<{ errorCode: string }[]>(field)[0]?.errorCode, 'INVALID_FIELD');
    assert.match(
      json<{ message: string }[]>(field)[0]?.message ?? '',
      /ERROR at Row:1:Column:12\nNo such column 'Revenue' on entity 'Account'/,
    );
    const malformed = await query('SELECT Id FRM Account');
    assert.deepEqual(json(malformed), [
      {
        message: "\nSELECT Id FRM Account\n          ^\nERROR at Row:1:Column:11\nunexpected token: 'FRM'",
        errorCode: 'MALFORMED_QUERY',
      },
    ]);
    const missing = await get('/services/data/v67.0/query');
    assert.deepEqual(json(missing), [{ message: 'A query string has to be specified', errorCode: 'MALFORMED_QUERY' }]);
    assert.deepEqual(json(await query('SELECT Id FROM Contact')), { totalSize: 0, done: true, records: [] });
    assert.equal((await query('SELECT Id FROM Widget__c')).status, 400);
  });

  it('tooling query answers SandboxProcess in the tooling shape', async () => {
    const res = await query(
      "SELECT Id, SandboxName FROM SandboxProcess WHERE Status NOT IN ('Deleted') AND SandboxOrganization = '00D5g0000000Sbx'",
      true,
    );
    assert.equal(res.status, 200);
    const body = json<Record<string, unknown>>(res);
    assert.equal(body.size, 1);
    assert.equal(body.entityTypeName, 'SandboxProcess');
    assert.equal(body.queryLocator, null);
    assert.deepEqual((body.records as Record<string, unknown>[])[0]?.SandboxName, 'uat');
  });

  it("userinfo and /id describe the session user; another user's id is forbidden", async () => {
    const info = json<Record<string, unknown>>(await get('/services/oauth2/userinfo'));
    assert.equal(info.sub, `${emulator.url}/id/${PROD_ID}/${ADMIN_ID}`);
    assert.equal(info.preferred_username, 'admin@acme.example');
    assert.equal(info.organization_id, PROD_ID);
    const id = await get(`/id/${PROD_ID}/${ADMIN_ID}`);
    assert.equal(id.status, 200);
    const body = json<Record<string, unknown>>(id);
    assert.equal(body.username, 'admin@acme.example');
    assert.equal((body.urls as Record<string, string>).rest, `${emulator.url}/services/data/v{version}/`);
    const viaQuery = await request(
      `${emulator.url}/id/${PROD_ID}/${ADMIN_ID}?oauth_token=${encodeURIComponent(token)}`,
    );
    assert.equal(viaQuery.status, 200);
    assert.equal((await get(`/id/${PROD_ID}/${to18('0055g000000Othr')}`)).status, 403);
    assert.deepEqual(json(await get('/services/oauth2/userinfo', 'nope')), INVALID_SESSION);
  });

  it('GET sobjects/User/<id>: the record with attributes, by 18 or 15 characters; fields=…; unknown id 404', async () => {
    const user = json<Record<string, unknown>>(await get(`/services/data/v67.0/sobjects/User/${ADMIN_ID}`));
    assert.deepEqual(user.attributes, { type: 'User', url: `/services/data/v67.0/sobjects/User/${ADMIN_ID}` });
    assert.equal(user.Id, ADMIN_ID);
    assert.equal(user.Username, 'admin@acme.example');
    assert.equal(user.IsActive, true);
    assert.equal('Profile.Name' in user, false, 'relationship fields are query-only');
    const short = await get(`/services/data/v67.0/sobjects/User/${ADMIN_ID.slice(0, 15)}?fields=Username,Email`);
    assert.deepEqual(Object.keys(json<Record<string, unknown>>(short)), ['attributes', 'Username', 'Email']);
    const badField = await get(`/services/data/v67.0/sobjects/User/${ADMIN_ID}?fields=Nope`);
    assert.equal(badField.status, 400);
    assert.deepEqual(json(badField), [
      { errorCode: 'INVALID_FIELD', message: "No such column 'Nope' on sobject of type User" },
    ]);
    const missing = await get(`/services/data/v67.0/sobjects/User/${to18('0055g000000Nope')}`);
    assert.equal(missing.status, 404);
    assert.deepEqual(json(missing), [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    assert.equal((await get(`/services/data/v67.0/sobjects/User/${ADMIN_ID}`, null)).status, 401);
  });

  it("GET /limits: Salesforce's { Name: { Max, Remaining } } shape; DailyApiRequests counts this org's REST calls", async () => {
    const first = json<Record<string, { Max: number; Remaining: number }>>(await get('/services/data/v67.0/limits'));
    assert.equal(first.DailyApiRequests?.Max, 15000);
    for (const [name, limit] of Object.entries(first)) {
      assert.deepEqual(Object.keys(limit), ['Max', 'Remaining'], name);
      assert.ok(limit.Remaining <= limit.Max, name);
    }
    await get('/services/data/v67.0');
    const second = json<Record<string, { Max: number; Remaining: number }>>(await get('/services/data/v67.0/limits'));
    assert.equal(second.DailyApiRequests?.Remaining, first.DailyApiRequests.Remaining - 2);
    assert.equal((await get('/services/data/v67.0/limits', null)).status, 401);
    assert.equal((await get('/services/data/v99.0/limits')).status, 404);
  });

  it('GET /services/oauth2/singleaccess: a single-use frontdoor URL on the org, with the redirect as startURL', async () => {
    const res = await get('/services/oauth2/singleaccess?redirect_uri=%2Flightning%2Fsetup%2FSetupOneHome%2Fhome');
    assert.equal(res.status, 200);
    const frontdoor = new URL(json<{ frontdoor_uri: string }>(res).frontdoor_uri);
    assert.equal(`${frontdoor.origin}${frontdoor.pathname}`, `${emulator.url}/secur/frontdoor.jsp`);
    assert.match(frontdoor.searchParams.get('otp') ?? '', /^[A-Za-z0-9_-]{32}$/);
    assert.equal(frontdoor.searchParams.get('startURL'), '/lightning/setup/SetupOneHome/home');
    const again = new URL(json<{ frontdoor_uri: string }>(await get('/services/oauth2/singleaccess')).frontdoor_uri);
    assert.notEqual(
      again.searchParams.get('otp'),
      frontdoor.searchParams.get('otp'),
      'single use: a new otp each time',
    );
    assert.equal(again.searchParams.has('startURL'), false);
    // An expired or unknown session: 403, not the 401 that would make a client refresh.
    assert.equal((await get('/services/oauth2/singleaccess', 'nope')).status, 403);
  });

  it('unknown paths: 401 without a session under /services, 404 otherwise', async () => {
    assert.equal((await get('/services/data/v67.0/sobjects/Account/describe', null)).status, 401);
    assert.equal((await get('/services/data/v67.0/sobjects/Account/describe')).status, 404);
    assert.equal((await get('/favicon.ico', null)).status, 404);
  });
});
