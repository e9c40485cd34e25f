// The Metadata API deploy of External Client Apps through the SOAP routes: success, every validation failure in
// Salesforce's format, certificate rotation, duplicate consumer keys, packaged apps, org switches and permissions.
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../src/index.js';
import { json } from './support/http.js';
import {
  appSetupConfig,
  INTEGRATION,
  jwtGrant,
  loginAs,
  PACKAGED_KEY,
  rotatedPair,
  STANDARD_USER,
} from './support/appsetup.js';
import { deployZip, ecaFiles, failures, mdapiZip, soapCall, type Json } from './support/eca-metadata.js';
import { CA_KEY, NOW, PROD_ID, demo } from './support/setup.js';

const GLOBAL = 'extlClntAppGlobalOauthSets/Jwt_App_glbloauth.ecaGlblOauth';
const POLICIES = 'extlClntAppOauthPolicies/Jwt_App_oauthPlcy.ecaOauthPlcy';
const KEY = '3MVG9JWTAPPKEY0001';

describe('Metadata API deploy (SOAP) of an External Client App', () => {
  let emulator: Emulator;
  let clock = NOW;
  let admin = '';
  const files = (overrides: Partial<Parameters<typeof ecaFiles>[0]> = {}) =>
    ecaFiles({
      name: 'Jwt_App',
      certificatePem: demo().certificatePem,
      consumerKey: KEY,
      permissionSets: ['JWT_Access'],
      ...overrides,
    });
  const deploy = (f: Record<string, string>, options?: string) => deployZip(emulator.url, admin, mdapiZip(f), options);

  beforeEach(async () => {
    clock = NOW;
    emulator = await startEmulator(appSetupConfig(), { now: () => clock });
    admin = await loginAs(emulator, 'admin@acme.example', clock);
  });
  afterEach(() => emulator.stop());

  it('deploys the five components: Succeeded with every component created, then the JWT grant works for an assigned user', async () => {
    const before = await jwtGrant(emulator, KEY, INTEGRATION, demo().privateKeyPem, clock);
    assert.deepEqual(json(before), { error: 'invalid_client_id', error_description: 'client identifier invalid' });

    const result = await deploy(files());
    assert.equal(result.status, 'Succeeded');
    assert.equal(result.success, 'true');
    assert.equal(result.done, 'true');
    assert.equal(result.numberComponentsDeployed, '5');
    assert.equal(result.numberComponentErrors, '0');
    const successes = (result.details as Json).componentSuccesses as Json[];
    assert.deepEqual(
      successes.map((s) => [s.componentType, s.fullName, s.fileName, s.created, s.success]),
      [
        ['ExternalClientApplication', 'Jwt_App', 'externalClientApps/Jwt_App.eca', 'true', 'true'],
        ['ExtlClntAppGlobalOauthSettings', 'Jwt_App_glbloauth', GLOBAL, 'true', 'true'],
        [
          'ExtlClntAppOauthSettings',
          'Jwt_App_oauth',
          'extlClntAppOauthSettings/Jwt_App_oauth.ecaOauth',
          'true',
          'true',
        ],
        ['ExtlClntAppOauthConfigurablePolicies', 'Jwt_App_oauthPlcy', POLICIES, 'true', 'true'],
        ['ExtlClntAppConfigurablePolicies', 'Jwt_App_plcy', 'extlClntAppPolicies/Jwt_App_plcy.ecaPlcy', 'true', 'true'],
        ['', 'package.xml', 'package.xml', 'false', 'true'],
      ],
    );

    const app = emulator.model.apps.find((a) => a.name === 'Jwt_App');
    assert.equal(app?.consumerKey, KEY);
    assert.equal(app?.type, 'external-client-app');
    assert.deepEqual(app?.policy, { type: 'admin-approved', profiles: [], permissionSets: ['JWT_Access'] });
    assert.deepEqual(app?.scopes, ['api', 'refresh_token']);
    // Not assigned yet: admin-approved refuses; assigned: a token.
    assert.deepEqual(json(await jwtGrant(emulator, KEY, INTEGRATION, demo().privateKeyPem, clock)), {
      error: 'invalid_app_access',
      error_description: 'user is not admin approved to access this app',
    });
    emulator.setUser(INTEGRATION, { permissionSets: ['JWT_Access'] });
    const ok = await jwtGrant(emulator, KEY, INTEGRATION, demo().privateKeyPem, clock);
    assert.equal(ok.status, 200, ok.body);
    // The ECA host rule applies to deployed apps too: login.salesforce.com does not know it.
    const { postAssertion } = await import('./support/http.js');
    const { signJws } = await import('./support/jwt.js');
    const { claims, LOGIN } = await import('./support/setup.js');
    const viaLogin = await postAssertion(
      emulator.url,
      signJws(demo().privateKeyPem, claims(KEY, INTEGRATION, LOGIN, { exp: clock / 1000 + 60 })),
      { host: 'login.salesforce.com' },
    );
    assert.deepEqual(json(viaLogin), {
      error: 'app_not_found',
      error_description: 'External client app is not installed in this org',
    });
  });

  it('redeploying the same app with a new certificate rotates it: one app, same consumer key, only the new key signs', async () => {
    emulator.setUser(INTEGRATION, { permissionSets: ['JWT_Access'] });
    assert.equal((await deploy(files())).status, 'Succeeded');
    const rotated = rotatedPair();
    const again = await deploy(files({ certificatePem: rotated.certificatePem }));
    assert.equal(again.status, 'Succeeded');
    const created = ((again.details as Json).componentSuccesses as Json[]).map((s) => s.created);
    assert.deepEqual(created, ['false', 'false', 'false', 'false', 'false', 'false']);
    assert.equal(emulator.model.apps.filter((a) => a.name === 'Jwt_App').length, 1);
    assert.deepEqual(json(await jwtGrant(emulator, KEY, INTEGRATION, demo().privateKeyPem, clock)), {
      error: 'invalid_grant',
      error_description: 'invalid assertion',
    });
    assert.equal((await jwtGrant(emulator, KEY, INTEGRATION, rotated.privateKeyPem, clock)).status, 200);
  });

  it('a redeploy without a consumer key keeps the generated one; another key on an existing app is ignored', async () => {
    assert.equal((await deploy(files({ consumerKey: undefined }))).status, 'Succeeded');
    const generated = emulator.model.apps.find((a) => a.name === 'Jwt_App')?.consumerKey ?? '';
    assert.match(generated, /^3MVG9[A-Za-z0-9]{80}$/);
    assert.equal(
      (await deploy(files({ consumerKey: undefined, certificatePem: rotatedPair().certificatePem }))).status,
      'Succeeded',
    );
    assert.equal(emulator.model.apps.find((a) => a.name === 'Jwt_App')?.consumerKey, generated);
    // Another key on the existing app: Succeeded, and the old key stays in force and in readMetadata (issue 24 item 4).
    const changed = await deploy(files({ consumerKey: 'SomeOtherKey123' }));
    assert.equal(changed.status, 'Succeeded');
    assert.deepEqual(failures(changed), []);
    assert.equal(emulator.model.apps.find((a) => a.name === 'Jwt_App')?.consumerKey, generated);
    const { result } = await soapCall(
      emulator.url,
      admin,
      'readMetadata',
      '<type>ExtlClntAppGlobalOauthSettings</type><fullNames>Jwt_App_glbloauth</fullNames>',
    );
    assert.equal((result.records as Json).consumerKey, generated);
    // The other key was not claimed: a new app may use it.
    assert.equal((await deploy(files({ name: 'Other_App', consumerKey: 'SomeOtherKey123' }))).status, 'Succeeded');
  });

  it('accepts the consumer keys sfdx-hardis deploys (base64: + / =), refuses other characters (issue 24 item 6)', async () => {
    const hardis = 'aB+c/dE9f=' + 'x'.repeat(100);
    assert.equal((await deploy(files({ consumerKey: hardis }))).status, 'Succeeded');
    assert.equal(emulator.model.apps.find((a) => a.name === 'Jwt_App')?.consumerKey, hardis);
    const bad = await deploy(files({ name: 'Bad_App', consumerKey: 'has space and ; semicolon' }));
    assert.deepEqual(failures(bad)[0]?.slice(1, 2), [
      'In field: consumerKey - The consumer key must be 8 to 256 characters: letters, digits and . _ + / =.',
    ]);
  });

  it('a redeployed component replaces the old one: omitted fields take their defaults (issue 24 item 8)', async () => {
    emulator.setUser(INTEGRATION, { permissionSets: ['JWT_Access'] });
    const f = files();
    f[GLOBAL] = f[GLOBAL]!.replace('<isPkceRequired>false</isPkceRequired>', '<isPkceRequired>true</isPkceRequired>');
    assert.equal((await deploy(f)).status, 'Succeeded');
    assert.equal(emulator.model.apps.find((a) => a.name === 'Jwt_App')?.pkceRequired, true);
    // isPkceRequired omitted: Salesforce's default for an ECA (required), not the old value; here both true, so use
    // isConsumerSecretOptional, whose default is false.
    const again = files();
    again[GLOBAL] = again[GLOBAL]!.replace('    <isConsumerSecretOptional>true</isConsumerSecretOptional>\n', '');
    assert.equal((await deploy(again)).status, 'Succeeded');
    assert.equal(emulator.model.apps.find((a) => a.name === 'Jwt_App')?.secretRequired, true);
    // Without <certificate>, the certificate is cleared: the app no longer serves JWT logins.
    const noCertificate = files();
    noCertificate[GLOBAL] = noCertificate[GLOBAL]!.replace(/ {4}<certificate>[\s\S]*?<\/certificate>\n/, '');
    assert.equal((await deploy(noCertificate)).status, 'Succeeded');
    assert.equal(
      emulator.model.apps.some((a) => a.name === 'Jwt_App'),
      false,
    );
  });

  it('fails a consumer key another app uses, atomically (rollbackOnError): nothing of the deploy is created', async () => {
    const result = await deploy(files({ consumerKey: CA_KEY, createPermissionSet: { name: 'New_Set' } }));
    assert.equal(result.status, 'Failed');
    assert.equal(result.success, 'false');
    assert.equal(result.numberComponentErrors, '1');
    assert.deepEqual(failures(result), [
      [
        GLOBAL,
        'In field: consumerKey - This consumer key is already in use by another app. Enter a unique consumer key.',
        '2',
      ],
    ]);
    assert.equal(
      emulator.model.apps.some((a) => a.name === 'Jwt_App'),
      false,
    );
    assert.equal(
      emulator.model.orgs[0]?.permissionSets.some((p) => p.name === 'New_Set'),
      false,
    );
  });

  it('with rollbackOnError=false the good components are kept: SucceededPartial', async () => {
    const f = files();
    f[POLICIES] = f[POLICIES]!.replace('AdminApprovedPreAuthorized', 'Everyone');
    const result = await deploy(f, '<rollbackOnError>false</rollbackOnError>');
    assert.equal(result.status, 'SucceededPartial');
    assert.deepEqual(failures(result), [
      [POLICIES, "Error parsing file: 'Everyone' is not a valid value for the enum 'PermittedUsersPolicyType'", '7'],
    ]);
    // Without its policies file the app keeps the ECA default: users must self-authorize.
    assert.deepEqual(emulator.model.apps.find((a) => a.name === 'Jwt_App')?.policy, { type: 'self-authorize' });
  });

  it("accepts every element Salesforce's WSDL types have, even those nothing here uses", async () => {
    const f = files();
    const add = (path: string, before: string, elements: string) => {
      f[path] = f[path]!.replace(before, `${elements}${before}`);
    };
    add(POLICIES, '    <externalClientApplication>', '    <executeHandlerAs>admin@acme.example</executeHandlerAs>\n');
    add(POLICIES, '    <ipRelaxationPolicyType>', '    <guestJwtTimeout>30</guestJwtTimeout>\n');
    add(
      'extlClntAppOauthSettings/Jwt_App_oauth.ecaOauth',
      '    <commaSeparatedOauthScopes>',
      '    <clientAssertionCertificate>Jwt_Cert</clientAssertionCertificate>\n    <commaSeparatedCustomScopes>Billing</commaSeparatedCustomScopes>\n',
    );
    add(
      GLOBAL,
      '    <isPkceRequired>',
      '    <isDPopEnabled>false</isDPopEnabled>\n    <isMtlsEnabled>false</isMtlsEnabled>\n',
    );
    add(
      'extlClntAppPolicies/Jwt_App_plcy.ecaPlcy',
      '    <isEnabled>',
      '    <isAttestPluginEnabled>false</isAttestPluginEnabled>\n',
    );
    add(
      'extlClntAppPolicies/Jwt_App_plcy.ecaPlcy',
      '</ExtlClntAppConfigurablePolicies>',
      '    <startUrl>https://acme.example/start</startUrl>\n',
    );
    const result = await deploy(f);
    assert.deepEqual(failures(result), []);
    assert.equal(result.status, 'Succeeded');
  });

  it("checks value kinds and nested elements against the WSDL types: boolean, number, an enum's values", async () => {
    const cases: [string, string, string, string, string][] = [
      [
        GLOBAL,
        '<isPkceRequired>false',
        '<isPkceRequired>nope',
        "In field: isPkceRequired - 'nope' is not a valid value for the type boolean",
        '26',
      ],
      [
        POLICIES,
        '    <ipRelaxationPolicyType>',
        '    <guestJwtTimeout>soon</guestJwtTimeout>\n    <ipRelaxationPolicyType>',
        "In field: guestJwtTimeout - 'soon' is not a valid value for the type number",
        '5',
      ],
      [
        'externalClientApps/Jwt_App.eca',
        '<distributionState>Local',
        '<distributionState>Global',
        "Error parsing file: 'Global' is not a valid value for the enum 'ExtlClntAppDistState'",
        '5',
      ],
    ];
    for (const [path, from, to, problem, line] of cases) {
      const f = files();
      f[path] = f[path]!.replace(from, to);
      assert.deepEqual(failures(await deploy(f, '<rollbackOnError>false</rollbackOnError>'))[0], [path, problem, line]);
    }
  });

  it('refuses an ECA header without contactEmail, which Salesforce documents as required', async () => {
    const f = files();
    f['externalClientApps/Jwt_App.eca'] = f['externalClientApps/Jwt_App.eca']!.replace(
      '    <contactEmail>admin@acme.example</contactEmail>\n',
      '',
    );
    assert.deepEqual(failures(await deploy(f))[0], [
      'externalClientApps/Jwt_App.eca',
      'Required field is missing: contactEmail',
      '2',
    ]);
  });

  it("refuses an element out of its WSDL sequence's order, as an unknown one (issue 24 item 7)", async () => {
    const f = files();
    // isPkceRequired moved before externalClientApplication: every element known, the order not the WSDL's.
    f[GLOBAL] = f[GLOBAL]!.replace('    <isPkceRequired>false</isPkceRequired>\n', '').replace(
      '    <externalClientApplication>',
      '    <isPkceRequired>false</isPkceRequired>\n    <externalClientApplication>',
    );
    const [first] = failures(await deploy(f));
    assert.deepEqual(first?.slice(0, 2), [
      GLOBAL,
      'Error parsing file: Element {http://soap.sforce.com/2006/04/metadata}externalClientApplication invalid at this location in type ExtlClntAppGlobalOauthSettings',
    ]);
  });

  it('answers schema problems with the element, line and column: unknown element, missing required field, unparsable XML', async () => {
    const f = files();
    f['externalClientApps/Jwt_App.eca'] = f['externalClientApps/Jwt_App.eca']!.replace(
      '    <label>Jwt_App</label>\n',
      '    <lable>Jwt_App</lable>\n',
    );
    const result = failures(await deploy(f));
    assert.deepEqual(result[0], [
      'externalClientApps/Jwt_App.eca',
      'Error parsing file: Element {http://soap.sforce.com/2006/04/metadata}lable invalid at this location in type ExternalClientApplication',
      '7',
    ]);
    // Its children then name an ECA that does not exist.
    assert.deepEqual(
      result.slice(1).map((r) => r[1]),
      Array(4).fill('In field: externalClientApplication - no ExternalClientApplication named Jwt_App found'),
    );

    const g = files();
    g[POLICIES] = g[POLICIES]!.replace(/ {4}<externalClientApplication>Jwt_App<\/externalClientApplication>\n/, '');
    assert.deepEqual(failures(await deploy(g)), [
      [POLICIES, 'Required field is missing: externalClientApplication', '2'],
    ]);

    const h = files();
    h[GLOBAL] = h[GLOBAL]!.replace('</label>', '</lable>');
    const broken = failures(await deploy(h));
    assert.equal(broken.length, 1);
    assert.equal(broken[0]?.[1], 'Error parsing file: end tag </lable> does not match <label>');
  });

  it('refuses a private key, a non-RSA certificate and text that is no certificate in the certificate field', async () => {
    const { execFileSync } = await import('node:child_process');
    const ecCert = execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        '/dev/null',
        '-subj',
        '/CN=ec',
        '-days',
        '30',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const cases: [string, string][] = [
      [
        demo().privateKeyPem,
        'must be an X.509 certificate PEM ("-----BEGIN CERTIFICATE-----") (this is a private key: the app gets the certificate, the client keeps the key)',
      ],
      [ecCert, 'must hold an RSA key (got ec): Salesforce only verifies RS256'],
      ['hello', 'must be an X.509 certificate PEM ("-----BEGIN CERTIFICATE-----")'],
    ];
    for (const [pem, reason] of cases) {
      const result = await deploy(files({ certificatePem: pem }));
      assert.deepEqual(failures(result), [
        [GLOBAL, `In field: certificate - The certificate is not valid: it ${reason}`, '2'],
      ]);
    }
  });

  it('fails children of an unknown ECA, unknown profiles and permission sets, and members missing from the zip', async () => {
    const f = files();
    const orphan = { [POLICIES]: f[POLICIES]! };
    assert.deepEqual(failures(await deploy(orphan)), [
      [POLICIES, 'In field: externalClientApplication - no ExternalClientApplication named Jwt_App found', '2'],
    ]);
    assert.deepEqual(failures(await deploy(files({ permissionSets: ['Nope'] }))), [
      [POLICIES, 'In field: commaSeparatedPermissionSet - no PermissionSet named Nope found', '2'],
    ]);
    assert.deepEqual(failures(await deploy(files({ profiles: ['Wizard'] }))), [
      [POLICIES, 'In field: commaSeparatedProfile - no Profile named Wizard found', '2'],
    ]);
    const zip = mdapiZip(
      { 'externalClientApps/Jwt_App.eca': f['externalClientApps/Jwt_App.eca']! },
      (await import('./support/eca-metadata.js')).packageXml({ ...f }),
    );
    const result = await deployZip(emulator.url, admin, zip);
    assert.equal(failures(result).length, 4);
    assert.deepEqual(failures(result)[0], [
      'package.xml',
      "An object 'Jwt_App_oauth' of type ExtlClntAppOauthSettings was named in package.xml, but was not found in zipped directory",
      undefined,
    ]);
  });

  it('a permission set deployed with the app can be named by the app; an id works as well as a name', async () => {
    const result = await deploy(
      files({ permissionSets: ['Jwt_App_Users'], createPermissionSet: { name: 'Jwt_App_Users' } }),
    );
    assert.equal(result.status, 'Succeeded', JSON.stringify(failures(result)));
    const set = emulator.model.orgs[0]?.permissionSets.find((p) => p.name === 'Jwt_App_Users');
    assert.match(set?.id ?? '', /^0PS/);
    assert.equal((await deploy(files({ permissionSets: [set?.id ?? ''] }))).status, 'Succeeded');
    assert.deepEqual(emulator.model.apps.find((a) => a.name === 'Jwt_App')?.policy, {
      type: 'admin-approved',
      profiles: [],
      permissionSets: ['Jwt_App_Users'],
    });
  });

  it('an app of the same name installed from a package cannot be changed', async () => {
    const result = await deploy(ecaFiles({ name: 'Packaged_App', certificatePem: demo().certificatePem }));
    const problems = failures(result);
    assert.equal(problems.length, 5);
    assert.deepEqual(problems[0], [
      'externalClientApps/Packaged_App.eca',
      'Cannot modify managed object: entity=ExternalClientApplication, component=Packaged_App, field=, state=installed (the app belongs to the package with namespace "acmepkg")',
      '2',
    ]);
    assert.equal(emulator.model.apps.find((a) => a.name === 'Packaged_App')?.consumerKey, PACKAGED_KEY);
  });

  it('org switches: ECAs not enabled; consumer secrets via Metadata API off gates deploys only as an opt-in fault', async () => {
    // Off alone: the deprecated setting gates reading secrets back, not the deploy (issue 24 item 5).
    emulator.setOrg(PROD_ID, { oauthSecretsViaMetadataApi: false });
    const allowed = await deploy(files());
    assert.deepEqual(failures(allowed), []);
    assert.equal(allowed.status, 'Succeeded');
    emulator.setOrg(PROD_ID, { secretsSettingBlocksDeploy: true });
    const secrets = failures(await deploy(files()));
    assert.deepEqual(
      secrets.map((f) => f[0]),
      [GLOBAL, 'extlClntAppOauthSettings/Jwt_App_oauth.ecaOauth'],
    );
    assert.equal(
      secrets[0]?.[1],
      'Allow access to External Client App consumer secrets via Metadata API (Allow Access to OAuth Consumer Secrets via Metadata API) is disabled in this org. Enable it in Setup (External Client App Settings) to deploy OAuth settings.',
    );
    emulator.setOrg(PROD_ID, { externalClientApps: false, secretsSettingBlocksDeploy: false });
    const disabled = failures(await deploy(files()));
    assert.equal(disabled.length, 5);
    assert.ok(disabled.every((f) => f[1] === 'Not available for deploy for this organization'));
  });

  it('user permissions: no Metadata API → INSUFFICIENT_ACCESS fault; no ECA permission → component failures', async () => {
    emulator.setUser(STANDARD_USER, { permissionSets: ['JWT_Access'] });
    const standard = await loginAs(emulator, STANDARD_USER, clock);
    const { res } = await soapCall(
      emulator.url,
      standard,
      'deploy',
      `<ZipFile>${mdapiZip(files()).toString('base64')}</ZipFile>`,
    );
    assert.equal(res.status, 500);
    assert.match(
      res.body,
      /<faultcode[^>]*>sf:INSUFFICIENT_ACCESS<\/faultcode><faultstring>INSUFFICIENT_ACCESS: use of the Metadata API requires a user with the ModifyAllData or ModifyMetadata permissions<\/faultstring>/,
    );
    emulator.setUser('admin@acme.example', { canManageExternalClientApps: false });
    const denied = failures(await deploy(files()));
    assert.equal(denied.length, 5);
    assert.equal(
      denied[0]?.[1],
      'You do not have the level of access necessary to perform the operation you requested. Please contact the owner of the record or your administrator if access is necessary.',
    );
  });

  it('an unknown or revoked session is the INVALID_SESSION_ID fault jsforce refreshes on; unknown operations and ids are faults', async () => {
    const { res } = await soapCall(
      emulator.url,
      'nope',
      'checkDeployStatus',
      '<asyncProcessId>0Af000000000001</asyncProcessId>',
    );
    assert.equal(res.status, 500);
    assert.match(res.body, /<faultcode[^>]*>sf:INVALID_SESSION_ID<\/faultcode>/);
    const unknownOp = await soapCall(emulator.url, admin, 'retrieve', '');
    assert.match(
      unknownOp.res.body,
      /No operation available for request \{http:\/\/soap.sforce.com\/2006\/04\/metadata\}retrieve/,
    );
    const unknownId = await soapCall(
      emulator.url,
      admin,
      'checkDeployStatus',
      '<asyncProcessId>0Af000000000001AAA</asyncProcessId><includeDetails>true</includeDetails>',
    );
    assert.match(unknownId.res.body, /sf:INVALID_ID_FIELD/);
  });

  it('a zip without package.xml, or no zip at all, fails as Salesforce reports it', async () => {
    const noManifest = await deployZip(emulator.url, admin, mdapiZip({}, '').subarray(0), undefined).catch(
      () => undefined,
    );
    assert.ok(noManifest !== undefined);
    const { writeZip } = await import('./support/zip-write.js');
    const result = await deployZip(emulator.url, admin, writeZip([{ name: 'externalClientApps/X.eca', data: '<x/>' }]));
    assert.deepEqual(failures(result), [['package.xml', 'No package.xml found', undefined]]);
    const garbage = await deployZip(emulator.url, admin, Buffer.from('not a zip at all, just text'));
    assert.equal(garbage.status, 'Failed');
    assert.equal(garbage.errorStatusCode, 'UNKNOWN_EXCEPTION');
    assert.equal(
      garbage.errorMessage,
      "The deploy zip file can't be read: not a zip archive (no end of central directory record)",
    );
  });

  it('a new app becomes usable only after the propagation delay, on the emulator clock; a rotation too', async () => {
    emulator.setPropagationDelay(30);
    emulator.setUser(INTEGRATION, { permissionSets: ['JWT_Access'] });
    assert.equal((await deploy(files())).status, 'Succeeded');
    const grant = (key = demo().privateKeyPem) => jwtGrant(emulator, KEY, INTEGRATION, key, clock);
    assert.deepEqual(json(await grant()), {
      error: 'invalid_client_id',
      error_description: 'client identifier invalid',
    });
    clock += 29_999;
    assert.deepEqual(json(await grant()), {
      error: 'invalid_client_id',
      error_description: 'client identifier invalid',
    });
    clock += 1;
    assert.equal((await grant()).status, 200);
    // Rotation: the old certificate keeps working until the change applies.
    assert.equal((await deploy(files({ certificatePem: rotatedPair().certificatePem }))).status, 'Succeeded');
    assert.equal((await grant()).status, 200);
    assert.deepEqual(json(await grant(rotatedPair().privateKeyPem)), {
      error: 'invalid_grant',
      error_description: 'invalid assertion',
    });
    clock += 30_000;
    assert.equal((await grant(rotatedPair().privateKeyPem)).status, 200);
    assert.deepEqual(json(await grant()), { error: 'invalid_grant', error_description: 'invalid assertion' });
  });

  it('an app pre-authorized only through an API-Integration-licensed permission set approves nobody', async () => {
    emulator.setUser(INTEGRATION, { permissionSets: ['Integration_Api'] });
    assert.equal((await deploy(files({ permissionSets: ['Integration_Api'] }))).status, 'Succeeded');
    assert.deepEqual(json(await jwtGrant(emulator, KEY, INTEGRATION, demo().privateKeyPem, clock)), {
      error: 'invalid_grant',
      error_description: "user hasn't approved this consumer",
    });
  });

  it("Connected Apps: creation is blocked (Spring '26) unless the org allows it; then the app logs in", async () => {
    const ca = (name: string) => ({
      [`connectedApps/${name}.connectedApp`]: `<?xml version="1.0" encoding="UTF-8"?>
<ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">
    <contactEmail>admin@acme.example</contactEmail>
    <label>${name}</label>
    <oauthConfig>
        <callbackUrl>http://localhost:1717/OauthRedirect</callbackUrl>
        <certificate>${demo().certificatePem.trim()}</certificate>
        <consumerKey>3MVG9LEGACYAPP01</consumerKey>
        <isAdminApproved>true</isAdminApproved>
        <scopes>Api</scopes>
        <scopes>RefreshToken</scopes>
    </oauthConfig>
    <oauthPolicy>
        <ipRelaxation>ENFORCE</ipRelaxation>
        <refreshTokenPolicy>infinite</refreshTokenPolicy>
    </oauthPolicy>
    <profileName>Minimum Access - API Only Integrations</profileName>
</ConnectedApp>
`,
    });
    assert.deepEqual(failures(await deploy(ca('Legacy_App'))), [
      [
        'connectedApps/Legacy_App.connectedApp',
        "You can't create a connected app. To enable connected app creation, contact Salesforce Customer Support.",
        '2',
      ],
    ]);
    emulator.setOrg(PROD_ID, { connectedAppCreation: true });
    assert.equal((await deploy(ca('Legacy_App'))).status, 'Succeeded');
    const app = emulator.model.apps.find((a) => a.name === 'Legacy_App');
    assert.deepEqual(
      [app?.type, app?.org, app?.scopes, app?.policy],
      [
        'connected-app',
        PROD_ID,
        ['api', 'refresh_token'],
        { type: 'admin-approved', profiles: ['Minimum Access - API Only Integrations'], permissionSets: [] },
      ],
    );
    assert.equal((await jwtGrant(emulator, '3MVG9LEGACYAPP01', INTEGRATION, demo().privateKeyPem, clock)).status, 200);
  });
});
