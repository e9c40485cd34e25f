// `sf jwt app generate`: the command around jwt-core's builders (whose exact XML is tested in jwt-core): the project
// layout, modes, the .gitignore (and no .forceignore), overwrite refusal checked before any write, --force, the
// --json shape, the legacy Connected App type, and flag-level errors.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JwtAppGenerate from '../../../src/commands/jwt/app/generate.js';
import { runInProcess } from '../../support/run-command.js';

const certFile = fileURLToPath(new URL('../../fixtures/server.crt', import.meta.url));
const keyFile = fileURLToPath(new URL('../../fixtures/server.key', import.meta.url));
const KEY = `3MVG9${'a'.repeat(80)}`;

const ECA_FILES = [
  'sfdx-project.json',
  'manifest/package.xml',
  'force-app/main/default/externalClientApps/Billing_Sync.eca-meta.xml',
  'force-app/main/default/extlClntAppOauthSettings/Billing_Sync.ecaOauth-meta.xml',
  'force-app/main/default/extlClntAppGlobalOauthSets/Billing_Sync.ecaGlblOauth-meta.xml',
  'force-app/main/default/extlClntAppOauthPolicies/Billing_Sync_defaultPolicy.ecaOauthPlcy-meta.xml',
  'force-app/main/default/extlClntAppPolicies/Billing_Sync_defaultPolicy.ecaPlcy-meta.xml',
  'force-app/main/default/permissionsets/Billing_Sync_JWT.permissionset-meta.xml',
  '.gitignore',
];

describe('sf jwt app generate', () => {
  let dir: string;
  const out = (...parts: string[]): string => join(dir, 'app', ...parts);
  const generateWithoutEmail = (...extra: string[]) =>
    runInProcess<Awaited<ReturnType<JwtAppGenerate['run']>>>(JwtAppGenerate, [
      '--name',
      'Billing_Sync',
      '--cert-file',
      certFile,
      '--output-dir',
      out(),
      ...extra,
    ]);
  const generate = (...extra: string[]) => generateWithoutEmail('--contact-email', 'admin@example.com', ...extra);

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'app-generate-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the project, the credential file 0600, a .gitignore and no .forceignore; --json lists files and the key', async () => {
    const run = await generate('--create-permission-set', '--consumer-key', KEY, '--json');
    assert.equal(run.exitCode, 0, run.stderr);
    const json = JSON.parse(run.stdout) as { status: number; result: Record<string, unknown> };
    assert.deepEqual(json.result, {
      name: 'Billing_Sync',
      type: 'external-client-app',
      consumerKey: KEY,
      consumerKeyGenerated: false,
      outputDir: out(),
      packageDirectory: out('force-app'),
      files: ECA_FILES.map((f) => out(f)),
      credentialFiles: [out('force-app/main/default/extlClntAppGlobalOauthSets/Billing_Sync.ecaGlblOauth-meta.xml')],
      components: [
        { type: 'ExternalClientApplication', fullName: 'Billing_Sync' },
        { type: 'ExtlClntAppOauthSettings', fullName: 'Billing_Sync' },
        { type: 'ExtlClntAppGlobalOauthSettings', fullName: 'Billing_Sync' },
        { type: 'ExtlClntAppOauthConfigurablePolicies', fullName: 'Billing_Sync_defaultPolicy' },
        { type: 'ExtlClntAppConfigurablePolicies', fullName: 'Billing_Sync_defaultPolicy' },
        { type: 'PermissionSet', fullName: 'Billing_Sync_JWT' },
      ],
      createdPermissionSet: 'Billing_Sync_JWT',
      nextCommands: [
        `cd ${out()} && sf project deploy start --source-dir force-app --target-org <admin>`,
        'sf org assign permset --name Billing_Sync_JWT --on-behalf-of <integration user> --target-org <admin>',
        `sf jwt login --client-id ${KEY} --username <integration user> --jwt-key-file <key file> --instance-url <My Domain URL>`,
      ],
    });
    assert.equal(
      statSync(out('force-app/main/default/extlClntAppGlobalOauthSets/Billing_Sync.ecaGlblOauth-meta.xml')).mode &
        0o777,
      0o600,
    );
    assert.equal(statSync(out('manifest/package.xml')).mode & 0o777, 0o644);
    assert.equal(
      readFileSync(out('.gitignore'), 'utf8'),
      '# External Client App global OAuth settings hold the consumer key (a credential): never commit them.\n**/extlClntAppGlobalOauthSets/\n',
    );
    assert.equal(existsSync(out('.forceignore')), false);
    assert.match(
      readFileSync(out('force-app/main/default/extlClntAppGlobalOauthSets/Billing_Sync.ecaGlblOauth-meta.xml'), 'utf8'),
      new RegExp(`<consumerKey>${KEY}</consumerKey>`),
    );
  });

  it('prints the consumer key, the credential note and the next commands', async () => {
    const run = await generate('--permission-set', 'Integration_Users');
    assert.equal(run.exitCode, 0, run.stderr);
    const key = /Consumer key: (3MVG9[A-Za-z0-9]{80}) \(generated\)/.exec(run.stdout)?.[1];
    assert.ok(key !== undefined, run.stdout);
    assert.match(run.stdout, /Wrote the External Client App Billing_Sync \(8 files\)/);
    assert.match(
      run.stdout,
      /extlClntAppGlobalOauthSets\/Billing_Sync\.ecaGlblOauth-meta\.xml holds the consumer key: mode 0600/,
    );
    assert.ok(run.stdout.includes(`sf jwt login --client-id ${key} --username <integration user>`), run.stdout);
  });

  it('refuses to overwrite (checking every target before writing any), and replaces everything with --force', async () => {
    assert.equal((await generate('--create-permission-set', '--consumer-key', KEY)).exitCode, 0);
    const policies = out(
      'force-app/main/default/extlClntAppOauthPolicies/Billing_Sync_defaultPolicy.ecaOauthPlcy-meta.xml',
    );
    rmSync(out('sfdx-project.json'));
    writeFileSync(policies, 'mine');
    const refused = await generate('--create-permission-set');
    assert.equal(refused.exitCode, 78);
    assert.equal(refused.error?.name, 'ERR_FILE_EXISTS');
    assert.equal(existsSync(out('sfdx-project.json')), false, 'nothing written when one target exists');
    assert.equal(readFileSync(policies, 'utf8'), 'mine');
    const forced = await generate('--create-permission-set', '--consumer-key', KEY, '--force');
    assert.equal(forced.exitCode, 0, forced.stderr);
    assert.match(
      readFileSync(policies, 'utf8'),
      /<permittedUsersPolicyType>AdminApprovedPreAuthorized<\/permittedUsersPolicyType>/,
    );
  });

  it('writes a legacy Connected App with --type connected-app (no credential file, no .gitignore)', async () => {
    const run = await generate('--type', 'connected-app', '--profile', 'System Administrator', '--json');
    assert.equal(run.exitCode, 0, run.stderr);
    const result = (JSON.parse(run.stdout) as { result: { type: string; files: string[]; credentialFiles: string[] } })
      .result;
    assert.equal(result.type, 'connected-app');
    assert.deepEqual(
      result.files,
      [
        'sfdx-project.json',
        'manifest/package.xml',
        'force-app/main/default/connectedApps/Billing_Sync.connectedApp-meta.xml',
      ].map((f) => out(f)),
    );
    assert.deepEqual(result.credentialFiles, []);
    assert.match(readFileSync(result.files[2]!, 'utf8'), /<profileName>System Administrator<\/profileName>/);
  });

  it('errors: no pre-authorized users, either app type without contact email, a key given as the certificate', async () => {
    const none = await generate();
    assert.equal(none.error?.name, 'ERR_APP_NO_PERMITTED_USERS');
    assert.equal(none.exitCode, 64);
    for (const type of ['external-client-app', 'connected-app']) {
      const noEmail = await generateWithoutEmail('--type', type, '--profile', 'System Administrator');
      assert.equal(noEmail.error?.name, 'ERR_APP_CONTACT_EMAIL_REQUIRED', type);
      assert.equal(
        noEmail.error?.message,
        "The app needs a contact email: Salesforce requires one in an External Client App's header and in a Connected App.",
      );
      assert.equal(noEmail.exitCode, 64);
      assert.equal(existsSync(out()), false, 'nothing written');
    }
    const key = await runInProcess(JwtAppGenerate, [
      '--name',
      'X',
      '--cert-file',
      keyFile,
      '--output-dir',
      out(),
      '--create-permission-set',
      '--contact-email',
      'admin@example.com',
    ]);
    assert.equal(key.error?.name, 'ERR_APP_CERTIFICATE_IS_PRIVATE_KEY');
    const ambiguous = await generate('--create-permission-set', '--permission-set', 'A', '--permission-set', 'B');
    assert.equal(ambiguous.error?.name, 'ERR_APP_CREATE_PERMISSION_SET_AMBIGUOUS');
    assert.equal(existsSync(out()), false);
  });
});
