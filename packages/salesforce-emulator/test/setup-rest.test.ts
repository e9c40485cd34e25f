// REST and SOQL for app setup: users with their profile, permission sets with their license, assignments and their
// creation (DUPLICATE_VALUE, missing fields, unknown ids, missing rights), and the REST Metadata API deploy.
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../src/index.js';
import { derivedId } from '../src/ids.js';
import { appSetupConfig, INTEGRATION, jwtGrant, loginAs, STANDARD_USER } from './support/appsetup.js';
import { ecaFiles, mdapiZip } from './support/eca-metadata.js';
import { json, request } from './support/http.js';
import { INTEG_ID, NOW, PROD_ID, demo } from './support/setup.js';

describe('app-setup REST and SOQL', () => {
  let emulator: Emulator;
  let admin = '';
  const call = (
    path: string,
    token = admin,
    body?: unknown,
    headers: Record<string, string> = { 'content-type': 'application/json' },
  ) =>
    request(`${emulator.url}/services/data/v67.0${path}`, {
      headers: { authorization: `Bearer ${token}`, ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const query = async (soql: string) => {
    const res = await call(`/query?q=${encodeURIComponent(soql)}`);
    assert.equal(res.status, 200, res.body);
    return json<{ totalSize: number; records: Record<string, unknown>[] }>(res);
  };
  const jwtAccess = derivedId('0PS', `${PROD_ID}/PermissionSet/JWT_Access`);
  const integrationApi = derivedId('0PS', `${PROD_ID}/PermissionSet/Integration_Api`);

  beforeEach(async () => {
    emulator = await startEmulator(appSetupConfig(), { now: () => NOW });
    admin = await loginAs(emulator, 'admin@acme.example', NOW);
  });
  afterEach(() => emulator.stop());

  it('queries a user by username with IsActive, ProfileId and the nested Profile.Name', async () => {
    const result = await query(
      `SELECT Id, Username, IsActive, ProfileId, Profile.Name FROM User WHERE Username = '${INTEGRATION}'`,
    );
    const profileId = derivedId('00e', `${PROD_ID}/Profile/Minimum Access - API Only Integrations`);
    assert.deepEqual(result.records, [
      {
        attributes: { type: 'User', url: `/services/data/v67.0/sobjects/User/${INTEG_ID}` },
        Id: INTEG_ID,
        Username: INTEGRATION,
        IsActive: true,
        ProfileId: profileId,
        Profile: { attributes: { type: 'Profile' }, Name: 'Minimum Access - API Only Integrations' },
      },
    ]);
    emulator.setUser(INTEGRATION, { active: false });
    assert.equal(
      (await query(`SELECT IsActive FROM User WHERE Username = '${INTEGRATION}'`)).records[0]?.IsActive,
      false,
    );
    assert.equal((await query("SELECT Id FROM User WHERE Username = 'nobody@acme.example'")).totalSize, 0);
    const profile = await query("SELECT Id, Name FROM Profile WHERE Name = 'Minimum Access - API Only Integrations'");
    assert.equal(profile.records[0]?.Id, profileId);
  });

  it('queries permission sets by name with their license, and assignments', async () => {
    const sets = await query(
      "SELECT Id, Name, License.Name FROM PermissionSet WHERE Name IN ('JWT_Access', 'Integration_Api') ORDER BY Name",
    );
    assert.deepEqual(
      sets.records.map((r) => [r.Id, r.Name, r.License]),
      [
        [
          integrationApi,
          'Integration_Api',
          { attributes: { type: 'PermissionSetLicense' }, Name: 'Salesforce API Integration' },
        ],
        [jwtAccess, 'JWT_Access', null],
      ],
    );
    const none = await query(
      `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${INTEG_ID}' AND PermissionSetId = '${jwtAccess}'`,
    );
    assert.equal(none.totalSize, 0);
  });

  it("answers UserPermissionAccess with the caller's own permissions, which follow the user's rights", async () => {
    const fields =
      'PermissionsModifyAllData, PermissionsModifyMetadata, PermissionsAssignPermissionSets, PermissionsManageUsers';
    const permissions = async () => {
      const result = await query(`SELECT ${fields} FROM UserPermissionAccess`);
      assert.equal(result.totalSize, 1);
      const { attributes: _attributes, ...row } = result.records[0] ?? {};
      return row;
    };
    assert.deepEqual(await permissions(), {
      PermissionsModifyAllData: true,
      PermissionsModifyMetadata: true,
      PermissionsAssignPermissionSets: true,
      PermissionsManageUsers: true,
    });
    emulator.setUser('admin@acme.example', { canDeployMetadata: false, canAssignPermissionSets: false });
    assert.deepEqual(await permissions(), {
      PermissionsModifyAllData: false,
      PermissionsModifyMetadata: false,
      PermissionsAssignPermissionSets: false,
      PermissionsManageUsers: false,
    });
    emulator.setUser(STANDARD_USER, { permissionSets: ['JWT_Access'] });
    const standard = await loginAs(emulator, STANDARD_USER, NOW);
    const res = await call(`/query?q=${encodeURIComponent(`SELECT ${fields} FROM UserPermissionAccess`)}`, standard);
    assert.equal(res.status, 200, res.body);
    const { records } = json<{ records: Record<string, unknown>[] }>(res);
    assert.equal(records[0]?.PermissionsModifyMetadata, false);
    assert.equal(records[0]?.PermissionsAssignPermissionSets, false);
  });

  it('answers the External Client App permissions from canManageExternalClientApps (Modify All Data needs it too)', async () => {
    const fields =
      'PermissionsModifyAllData, PermissionsCustomizeApplication, PermissionsExternalClientAppDeveloper, PermissionsExternalClientAppAdmin, PermissionsExternalClientAppViewer, PermissionsViewClientSecret';
    const permissions = async () => {
      const result = await query(`SELECT ${fields} FROM UserPermissionAccess`);
      const { attributes: _attributes, ...row } = result.records[0] ?? {};
      return row;
    };
    emulator.setUser('admin@acme.example', {
      canDeployMetadata: true,
      canAssignPermissionSets: true,
      canManageExternalClientApps: true,
    });
    assert.deepEqual(await permissions(), {
      PermissionsModifyAllData: true,
      PermissionsCustomizeApplication: true,
      PermissionsExternalClientAppDeveloper: true,
      PermissionsExternalClientAppAdmin: true,
      PermissionsExternalClientAppViewer: true,
      PermissionsViewClientSecret: true,
    });
    emulator.setUser('admin@acme.example', { canManageExternalClientApps: false });
    assert.deepEqual(await permissions(), {
      PermissionsModifyAllData: false,
      PermissionsCustomizeApplication: true,
      PermissionsExternalClientAppDeveloper: false,
      PermissionsExternalClientAppAdmin: false,
      PermissionsExternalClientAppViewer: false,
      PermissionsViewClientSecret: false,
    });
    emulator.setUser('admin@acme.example', { canManageExternalClientApps: true });
  });

  it('creates a PermissionSetAssignment (201), then answers DUPLICATE_VALUE; the assignment shows in SOQL and approves the user', async () => {
    const files = ecaFiles({
      name: 'Rest_App',
      certificatePem: demo().certificatePem,
      consumerKey: '3MVG9RESTAPPKEY01',
      permissionSets: ['JWT_Access'],
    });
    const { deployZip } = await import('./support/eca-metadata.js');
    assert.equal((await deployZip(emulator.url, admin, mdapiZip(files))).status, 'Succeeded');
    assert.equal((await jwtGrant(emulator, '3MVG9RESTAPPKEY01', INTEGRATION, demo().privateKeyPem, NOW)).status, 400);

    const created = await call('/sobjects/PermissionSetAssignment', admin, {
      AssigneeId: INTEG_ID,
      PermissionSetId: jwtAccess,
    });
    assert.equal(created.status, 201, created.body);
    const id = derivedId('0Pa', `${INTEG_ID}/${jwtAccess}`);
    assert.deepEqual(json(created), { id, success: true, errors: [] });
    const listed = await query(
      `SELECT Id, AssigneeId, PermissionSetId FROM PermissionSetAssignment WHERE AssigneeId = '${INTEG_ID}'`,
    );
    assert.deepEqual(
      listed.records.map((r) => [r.Id, r.AssigneeId, r.PermissionSetId]),
      [[id, INTEG_ID, jwtAccess]],
    );
    assert.equal((await jwtGrant(emulator, '3MVG9RESTAPPKEY01', INTEGRATION, demo().privateKeyPem, NOW)).status, 200);

    const duplicate = await call('/sobjects/PermissionSetAssignment', admin, {
      AssigneeId: INTEG_ID,
      PermissionSetId: jwtAccess,
    });
    assert.equal(duplicate.status, 400);
    assert.deepEqual(json(duplicate), [
      {
        message: `Duplicate PermissionSetAssignment. Assignee: ${INTEG_ID}; Permission Set: ${jwtAccess}`,
        errorCode: 'DUPLICATE_VALUE',
        fields: [],
      },
    ]);
  });

  it('refuses missing fields, unknown ids, bad JSON, and a caller without "Assign Permission Sets"', async () => {
    const post = async (body: unknown, token = admin) => {
      const res = await call('/sobjects/PermissionSetAssignment', token, body);
      return [res.status, json(res)];
    };
    assert.deepEqual(await post({ AssigneeId: INTEG_ID }), [
      400,
      [
        {
          message: 'Required fields are missing: [PermissionSetId]',
          errorCode: 'REQUIRED_FIELD_MISSING',
          fields: ['PermissionSetId'],
        },
      ],
    ]);
    assert.deepEqual(await post({ AssigneeId: '0055g000000Nope', PermissionSetId: jwtAccess }), [
      400,
      [{ message: 'invalid cross reference id', errorCode: 'INVALID_CROSS_REFERENCE_KEY', fields: ['AssigneeId'] }],
    ]);
    assert.deepEqual(await post({ AssigneeId: INTEG_ID, PermissionSetId: '0PS5g000000Nope' }), [
      400,
      [
        {
          message: 'invalid cross reference id',
          errorCode: 'INVALID_CROSS_REFERENCE_KEY',
          fields: ['PermissionSetId'],
        },
      ],
    ]);
    assert.deepEqual(await post('{"AssigneeId":'), [
      400,
      [
        {
          message: 'The request body is not a JSON object of field values',
          errorCode: 'JSON_PARSER_ERROR',
          fields: [],
        },
      ],
    ]);
    emulator.setUser(STANDARD_USER, { permissionSets: ['JWT_Access'] });
    const standard = await loginAs(emulator, STANDARD_USER, NOW);
    assert.deepEqual(await post({ AssigneeId: INTEG_ID, PermissionSetId: jwtAccess }, standard), [
      400,
      [
        {
          message: `insufficient access rights on cross-reference id: ${INTEG_ID.slice(0, 15)}`,
          errorCode: 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
          fields: [],
        },
      ],
    ]);
    const unauthenticated = await call('/sobjects/PermissionSetAssignment', 'nope', {
      AssigneeId: INTEG_ID,
      PermissionSetId: jwtAccess,
    });
    assert.equal(unauthenticated.status, 401);
  });

  it('the REST Metadata API deploy: multipart POST → 201 Pending, GET with includeDetails → Succeeded; non-admins are refused', async () => {
    const zip = mdapiZip(
      ecaFiles({ name: 'Rest_Deployed', certificatePem: demo().certificatePem, consumerKey: '3MVG9RESTDEPLOY01' }),
    );
    const boundary = 'emuBoundary42';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="package.xml"\r\nContent-Type: application/zip\r\n\r\n`,
      ),
      zip,
      Buffer.from(
        `\r\n--${boundary}\r\nContent-Disposition: form-data; name="entity_content"\r\nContent-Type: application/json\r\n\r\n{"deployOptions":{"rollbackOnError":true,"singlePackage":true}}\r\n--${boundary}--\r\n`,
      ),
    ]);
    const { request: raw } = await import('node:http');
    const posted = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = raw(
        `${emulator.url}/services/data/v67.0/metadata/deployRequest`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${admin}`,
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': body.length,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    assert.equal(posted.status, 201, posted.body);
    const started = JSON.parse(posted.body) as {
      id: string;
      deployResult: { status: string; done: boolean };
      deployOptions: { rollbackOnError: boolean };
    };
    assert.match(started.id, /^0Af/);
    assert.deepEqual(
      [started.deployResult.status, started.deployResult.done, started.deployOptions.rollbackOnError],
      ['Pending', false, true],
    );
    const status = await call(`/metadata/deployRequest/${started.id}?includeDetails=true`);
    const result = json<{
      deployResult: {
        status: string;
        done: boolean;
        details: { componentSuccesses: unknown[]; componentFailures: unknown[] };
      };
    }>(status).deployResult;
    assert.deepEqual(
      [result.status, result.done, result.details.componentSuccesses.length, result.details.componentFailures],
      ['Succeeded', true, 6, []],
    );
    assert.equal(emulator.model.apps.find((a) => a.name === 'Rest_Deployed')?.consumerKey, '3MVG9RESTDEPLOY01');

    emulator.setUser(STANDARD_USER, { permissionSets: ['JWT_Access'] });
    const standard = await loginAs(emulator, STANDARD_USER, NOW);
    const refused = await call(`/metadata/deployRequest/${started.id}`, standard);
    assert.equal(refused.status, 403);
    assert.deepEqual(json(refused), [
      {
        errorCode: 'INSUFFICIENT_ACCESS',
        message: 'use of the Metadata API requires a user with the ModifyAllData or ModifyMetadata permissions',
      },
    ]);
  });
});
