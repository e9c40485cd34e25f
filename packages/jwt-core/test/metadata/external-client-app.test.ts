import { strict as assert } from 'node:assert';
import { buildExternalClientApp } from '../../src/metadata/external-client-app.js';
import { buildSourceProject } from '../../src/metadata/source-project.js';
import { CERT, CERT_PEM, KEY } from './fixtures.js';
import { fixtureText } from '../support/fixtures.js';
import { parseXml } from './xml-reader.js';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

describe('buildExternalClientApp', () => {
  const app = buildExternalClientApp({
    name: 'Billing_Sync',
    label: 'Billing Sync',
    description: 'JWT bearer integration for billing',
    contactEmail: 'admin@example.com',
    certificate: CERT_PEM,
    consumerKey: KEY,
    profiles: ['System Administrator'],
    permissionSets: ['Billing_Integration'],
    createPermissionSet: { name: 'Billing_Sync_JWT', label: 'Billing Sync JWT' },
  });

  it('writes the five ECA components and the permission set, at the registry paths', () => {
    assert.deepEqual(
      app.files.map((f) => f.path),
      [
        'externalClientApps/Billing_Sync.eca-meta.xml',
        'extlClntAppOauthSettings/Billing_Sync.ecaOauth-meta.xml',
        'extlClntAppGlobalOauthSets/Billing_Sync.ecaGlblOauth-meta.xml',
        'extlClntAppOauthPolicies/Billing_Sync_defaultPolicy.ecaOauthPlcy-meta.xml',
        'extlClntAppPolicies/Billing_Sync_defaultPolicy.ecaPlcy-meta.xml',
        'permissionsets/Billing_Sync_JWT.permissionset-meta.xml',
      ],
    );
    assert.deepEqual(app.components, [
      { type: 'ExternalClientApplication', fullName: 'Billing_Sync' },
      { type: 'ExtlClntAppOauthSettings', fullName: 'Billing_Sync' },
      { type: 'ExtlClntAppGlobalOauthSettings', fullName: 'Billing_Sync' },
      { type: 'ExtlClntAppOauthConfigurablePolicies', fullName: 'Billing_Sync_defaultPolicy' },
      { type: 'ExtlClntAppConfigurablePolicies', fullName: 'Billing_Sync_defaultPolicy' },
      { type: 'PermissionSet', fullName: 'Billing_Sync_JWT' },
    ]);
    assert.equal(app.kind, 'external-client-app');
    assert.equal(app.name, 'Billing_Sync');
    assert.equal(app.consumerKey, KEY);
    assert.equal(app.consumerKeyGenerated, false);
    assert.deepEqual(app.credentialFiles, ['extlClntAppGlobalOauthSets/Billing_Sync.ecaGlblOauth-meta.xml']);
  });

  it('writes exactly these files (golden)', () => {
    const golden = [
      `${HEAD}<ExternalClientApplication ${NS}>
    <contactEmail>admin@example.com</contactEmail>
    <description>JWT bearer integration for billing</description>
    <distributionState>Local</distributionState>
    <isProtected>false</isProtected>
    <label>Billing Sync</label>
</ExternalClientApplication>
`,
      `${HEAD}<ExtlClntAppOauthSettings ${NS}>
    <commaSeparatedOauthScopes>Api, RefreshToken</commaSeparatedOauthScopes>
    <externalClientApplication>Billing_Sync</externalClientApplication>
    <label>Billing Sync</label>
</ExtlClntAppOauthSettings>
`,
      `${HEAD}<!-- This file holds a credential: the External Client App's consumer key (OAuth client id). Deploy it, but do not commit it to source control. -->
<ExtlClntAppGlobalOauthSettings ${NS}>
    <callbackUrl>http://localhost:1717/OauthRedirect</callbackUrl>
    <certificate>${CERT}</certificate>
    <consumerKey>${KEY}</consumerKey>
    <externalClientApplication>Billing_Sync</externalClientApplication>
    <isConsumerSecretOptional>true</isConsumerSecretOptional>
    <isPkceRequired>false</isPkceRequired>
    <label>Billing Sync</label>
</ExtlClntAppGlobalOauthSettings>
`,
      `${HEAD}<ExtlClntAppOauthConfigurablePolicies ${NS}>
    <commaSeparatedPermissionSet>Billing_Integration,Billing_Sync_JWT</commaSeparatedPermissionSet>
    <commaSeparatedProfile>System Administrator</commaSeparatedProfile>
    <externalClientApplication>Billing_Sync</externalClientApplication>
    <label>Billing_Sync_defaultPolicy</label>
    <permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>
</ExtlClntAppOauthConfigurablePolicies>
`,
      `${HEAD}<ExtlClntAppConfigurablePolicies ${NS}>
    <externalClientApplication>Billing_Sync</externalClientApplication>
    <isEnabled>true</isEnabled>
    <isOauthPluginEnabled>true</isOauthPluginEnabled>
    <label>Billing_Sync_defaultPolicy</label>
</ExtlClntAppConfigurablePolicies>
`,
      `${HEAD}<PermissionSet ${NS}>
    <description>Pre-authorizes the users it is assigned to for the app Billing Sync (JWT bearer flow).</description>
    <hasActivationRequired>false</hasActivationRequired>
    <label>Billing Sync JWT</label>
</PermissionSet>
`,
    ];
    assert.deepEqual(
      app.files.map((f) => f.contents),
      golden,
    );
  });

  it('writes the certificate as canonical PEM, the one openssl wrote', () => {
    assert.match(CERT, /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----$/);
    const global = parseXml(app.files[2]!.contents).root;
    assert.equal(global.children.find((c) => c.name === 'certificate')?.text, CERT);
  });

  it('defaults: label = name, scopes Api + RefreshToken, localhost callback, no description, generated key', () => {
    const minimal = buildExternalClientApp({
      name: 'Min',
      certificate: CERT_PEM,
      contactEmail: 'min@example.com',
      profiles: ['Integration User'],
    });
    assert.equal(minimal.consumerKeyGenerated, true);
    assert.match(minimal.consumerKey, /^3MVG9[A-Za-z0-9]{80}$/);
    assert.equal(minimal.files.length, 5);
    assert.equal(
      minimal.files[0]!.contents,
      `${HEAD}<ExternalClientApplication ${NS}>
    <contactEmail>min@example.com</contactEmail>
    <distributionState>Local</distributionState>
    <isProtected>false</isProtected>
    <label>Min</label>
</ExternalClientApplication>
`,
    );
    assert.match(
      minimal.files[1]!.contents,
      /<commaSeparatedOauthScopes>Api, RefreshToken<\/commaSeparatedOauthScopes>/,
    );
    assert.match(minimal.files[2]!.contents, /<callbackUrl>http:\/\/localhost:1717\/OauthRedirect<\/callbackUrl>/);
    assert.match(minimal.files[2]!.contents, new RegExp(`<consumerKey>${minimal.consumerKey}</consumerKey>`));
    const policy = parseXml(minimal.files[3]!.contents).root;
    assert.deepEqual(
      policy.children.map((c) => c.name),
      ['commaSeparatedProfile', 'externalClientApplication', 'label', 'permittedUsersPolicyType'],
    );
  });

  it('normalises scopes and lists several profiles comma-separated, without duplicates', () => {
    const built = buildExternalClientApp({
      name: 'Scoped',
      certificate: CERT_PEM,
      contactEmail: 'admin@example.com',
      scopes: ['api', 'refresh_token', 'Web', 'API'],
      profiles: ['System Administrator', 'Minimum Access - API Only Integrations', 'System Administrator'],
      consumerKey: KEY,
    });
    assert.match(
      built.files[1]!.contents,
      /<commaSeparatedOauthScopes>Api, RefreshToken, Web<\/commaSeparatedOauthScopes>/,
    );
    assert.match(
      built.files[3]!.contents,
      /<commaSeparatedProfile>System Administrator,Minimum Access - API Only Integrations<\/commaSeparatedProfile>/,
    );
  });

  it('writes no secret but the consumer key: a key+certificate bundle yields the certificate alone', () => {
    const bundle = `${CERT_PEM}\n${fixtureText('keys/seed-genpkey.key')}`;
    const built = buildExternalClientApp({
      name: 'Bundle',
      certificate: bundle,
      contactEmail: 'admin@example.com',
      profiles: ['P'],
      consumerKey: KEY,
    });
    for (const file of built.files) {
      assert.doesNotMatch(file.contents, /PRIVATE KEY/);
      assert.doesNotMatch(file.contents, /consumerSecret/);
    }
    assert.match(built.files[2]!.contents, new RegExp(`<certificate>${CERT.replace(/[+/]/g, '\\$&')}</certificate>`));
  });

  it('every file is well-formed XML whose root is the type name in the metadata namespace', () => {
    app.files.forEach((file, i) => {
      const doc = parseXml(file.contents);
      assert.equal(doc.root.name, app.components[i]!.type);
      assert.deepEqual(doc.root.attributes, { xmlns: 'http://soap.sforce.com/2006/04/metadata' });
    });
    assert.deepEqual(parseXml(app.files[2]!.contents).comments, [
      "This file holds a credential: the External Client App's consumer key (OAuth client id). Deploy it, but do not commit it to source control.",
    ]);
  });

  it('buildSourceProject puts the files under the package directory, next to sfdx-project.json and manifest/package.xml', () => {
    const project = buildSourceProject({ app });
    assert.deepEqual(
      project.files.map((f) => f.path),
      ['sfdx-project.json', 'manifest/package.xml', ...app.files.map((f) => `force-app/main/default/${f.path}`)],
    );
    assert.equal(project.packageDirectory, 'force-app');
    assert.deepEqual(project.credentialFiles, [
      'force-app/main/default/extlClntAppGlobalOauthSets/Billing_Sync.ecaGlblOauth-meta.xml',
    ]);
    assert.deepEqual(JSON.parse(project.files[0]!.contents), {
      packageDirectories: [{ path: 'force-app', default: true }],
      name: 'Billing_Sync',
      namespace: '',
      sourceApiVersion: '64.0',
    });
    const custom = buildSourceProject({ app, packageDirectory: 'apps/jwt', apiVersion: '66.0' });
    assert.equal(custom.files[2]!.path, 'apps/jwt/main/default/externalClientApps/Billing_Sync.eca-meta.xml');
    assert.match(custom.files[1]!.contents, /<version>66\.0<\/version>/);
    assert.match(custom.files[0]!.contents, /"sourceApiVersion": "66\.0"/);
  });
});
