// THE app-setup compatibility test: the real `sf project deploy start --source-dir` (SOAP deploy + checkDeployStatus,
// its default path) deploys a hand-written SFDX source directory holding an External Client App into the emulator;
// a JWT bearer grant for the new app then succeeds. Rotation and a component failure go through sf as well.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDemoConfig, randomId, startEmulator, type DemoSetup, type Emulator } from '../src/index.js';
import { rotatedPair } from './support/appsetup.js';
import { ecaFiles } from './support/eca-metadata.js';
import { json, postAssertion } from './support/http.js';
import { signJws } from './support/jwt.js';
import { isolatedHome, runSf } from './support/sf.js';

const INTEGRATION = 'integration@sfjwt-demo.example';
const KEY = '3MVG9SFDEPLOYEDAPP01';

describe('the real sf project deploy start against the emulator', function () {
  this.timeout(180_000);
  let emulator: Emulator;
  let demo: DemoSetup;
  let home: string;

  /** Writes sfdx-project.json and force-app/main/default/<dir>/<file>-meta.xml into the sf home (its cwd). */
  const writeSource = (files: Record<string, string>) => {
    rmSync(join(home, 'force-app'), { recursive: true, force: true });
    writeFileSync(
      join(home, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '66.0' }),
    );
    for (const [path, xml] of Object.entries(files)) {
      const file = join(home, 'force-app', 'main', 'default', `${path}-meta.xml`);
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, xml);
    }
  };
  const grant = (privateKeyPem: string) =>
    postAssertion(
      emulator.url,
      signJws(privateKeyPem, {
        iss: KEY,
        sub: INTEGRATION,
        aud: emulator.url,
        exp: Math.floor(Date.now() / 1000) + 180,
      }),
    );

  before(async () => {
    demo = createDemoConfig();
    demo.config.users.push({
      username: INTEGRATION,
      userId: randomId('005'),
      org: demo.orgId,
      profile: 'Minimum Access - API Only Integrations',
      permissionSets: ['JWT_Access'],
    });
    emulator = await startEmulator(demo.config);
    home = isolatedHome();
    const keyFile = join(home, 'admin.key');
    writeFileSync(keyFile, demo.privateKeyPem, { mode: 0o600 });
    const login = await runSf(home, [
      'org',
      'login',
      'jwt',
      '--client-id',
      demo.consumerKey,
      '--jwt-key-file',
      keyFile,
      '--username',
      demo.username,
      '--instance-url',
      emulator.url,
    ]);
    assert.equal(login.code, 0, login.stdout + login.stderr);
  });
  after(() => emulator.stop());

  it('deploys an ECA source directory through SOAP deploy + checkDeployStatus; the JWT grant for the new app succeeds', async () => {
    assert.deepEqual(json(await grant(demo.privateKeyPem)), {
      error: 'invalid_client_id',
      error_description: 'client identifier invalid',
    });
    writeSource(
      ecaFiles({
        name: 'Sf_Deployed_App',
        certificatePem: demo.certificatePem,
        consumerKey: KEY,
        permissionSets: ['JWT_Access'],
      }),
    );
    emulator.resetStats();
    const deploy = await runSf(home, [
      'project',
      'deploy',
      'start',
      '--source-dir',
      'force-app',
      '--target-org',
      demo.username,
    ]);
    assert.equal(deploy.code, 0, deploy.stdout + deploy.stderr);
    const result = deploy.json.result as {
      status: string;
      success: boolean;
      files: { fullName: string; type: string; state: string }[];
    };
    assert.equal(result.status, 'Succeeded');
    assert.equal(result.success, true);
    assert.deepEqual(result.files.map((f) => `${f.type} ${f.fullName} ${f.state}`).sort(), [
      'ExternalClientApplication Sf_Deployed_App Created',
      'ExtlClntAppConfigurablePolicies Sf_Deployed_App_plcy Created',
      'ExtlClntAppGlobalOauthSettings Sf_Deployed_App_glbloauth Created',
      'ExtlClntAppOauthConfigurablePolicies Sf_Deployed_App_oauthPlcy Created',
      'ExtlClntAppOauthSettings Sf_Deployed_App_oauth Created',
    ]);
    // The default path of sf 2.150 (plugin-deploy-retrieve without org-metadata-rest-deploy): two SOAP calls.
    assert.deepEqual(
      emulator.stats().requests.map((r) => `${r.method} ${r.path} ${r.status}`),
      ['POST /services/Soap/m/67.0 200', 'POST /services/Soap/m/67.0 200'],
    );
    const ok = await grant(demo.privateKeyPem);
    assert.equal(ok.status, 200, ok.body);
    assert.equal(json<{ instance_url: string }>(ok).instance_url, emulator.url);
  });

  it('a redeploy with a new certificate reports the components Changed and rotates the key', async () => {
    const rotated = rotatedPair();
    writeSource(
      ecaFiles({
        name: 'Sf_Deployed_App',
        certificatePem: rotated.certificatePem,
        consumerKey: KEY,
        permissionSets: ['JWT_Access'],
      }),
    );
    const deploy = await runSf(home, [
      'project',
      'deploy',
      'start',
      '--source-dir',
      'force-app',
      '--target-org',
      demo.username,
    ]);
    assert.equal(deploy.code, 0, deploy.stdout + deploy.stderr);
    const files = (deploy.json.result as { files: { state: string }[] }).files;
    assert.deepEqual(
      files.map((f) => f.state),
      ['Changed', 'Changed', 'Changed', 'Changed', 'Changed'],
    );
    assert.equal((await grant(rotated.privateKeyPem)).status, 200);
    assert.deepEqual(json(await grant(demo.privateKeyPem)), {
      error: 'invalid_grant',
      error_description: 'invalid assertion',
    });
  });

  it('a component failure reaches sf as a failed deploy naming the file, the problem and the line', async () => {
    writeSource(ecaFiles({ name: 'Second_App', certificatePem: demo.certificatePem, consumerKey: KEY }));
    const deploy = await runSf(home, [
      'project',
      'deploy',
      'start',
      '--source-dir',
      'force-app',
      '--target-org',
      demo.username,
    ]);
    assert.equal(deploy.code, 1, deploy.stdout);
    const files =
      (
        deploy.json.data as
          | { files: { fullName: string; state: string; error?: string; lineNumber?: number; filePath?: string }[] }
          | undefined
      )?.files ??
      (
        deploy.json.result as {
          files: { fullName: string; state: string; error?: string; lineNumber?: number; filePath?: string }[];
        }
      ).files;
    const failed = files.filter((f) => f.state === 'Failed');
    assert.deepEqual(
      failed.map((f) => [f.fullName, f.error, f.lineNumber]),
      [
        [
          'Second_App_glbloauth',
          'In field: consumerKey - This consumer key is already in use by another app. Enter a unique consumer key. (2:1)',
          2,
        ],
      ],
    );
    assert.match(
      failed[0]?.filePath ?? '',
      /force-app\/main\/default\/extlClntAppGlobalOauthSets\/Second_App_glbloauth\.ecaGlblOauth-meta\.xml$/,
    );
  });
});
