// readMetadata of an ECA's global OAuth settings and OAuth policies: what `sf jwt app create` reads to update an app
// in place (its consumer key, certificate and pre-authorized users), with nil records where nothing can be read.
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../src/index.js';
import { appSetupConfig, loginAs } from './support/appsetup.js';
import { deployZip, ecaFiles, mdapiZip, soapCall } from './support/eca-metadata.js';
import { NOW, PROD_ID, demo } from './support/setup.js';

const KEY = '3MVG9READMETADATA01';

describe('Metadata API readMetadata (SOAP) of ECA components', () => {
  let emulator: Emulator;
  let admin = '';
  const read = async (type: string, ...names: string[]) => {
    const { res } = await soapCall(
      emulator.url,
      admin,
      'readMetadata',
      `<type>${type}</type>${names.map((n) => `<fullNames>${n}</fullNames>`).join('')}`,
    );
    assert.equal(res.status, 200, res.body);
    return /<result>(.*)<\/result>/s.exec(res.body)?.[1];
  };

  beforeEach(async () => {
    emulator = await startEmulator(appSetupConfig(), { now: () => NOW });
    admin = await loginAs(emulator, 'admin@acme.example', NOW);
    const result = await deployZip(
      emulator.url,
      admin,
      mdapiZip(
        ecaFiles({
          name: 'Read_App',
          certificatePem: demo().certificatePem,
          consumerKey: KEY,
          permissionSets: ['JWT_Access'],
        }),
      ),
    );
    assert.equal(result.status, 'Succeeded');
  });
  afterEach(() => emulator.stop());

  it('returns the deployed global OAuth settings with the consumer key, and nil for an unknown name, in order', async () => {
    const cert = demo().certificatePem.trim();
    assert.equal(
      await read('ExtlClntAppGlobalOauthSettings', 'Nope', 'Read_App_glbloauth'),
      '<records xsi:nil="true"/><records xsi:type="ExtlClntAppGlobalOauthSettings"><fullName>Read_App_glbloauth</fullName>' +
        `<callbackUrl>http://localhost:1717/OauthRedirect</callbackUrl><certificate>${cert}</certificate><consumerKey>${KEY}</consumerKey>` +
        '<externalClientApplication>Read_App</externalClientApplication><isConsumerSecretOptional>true</isConsumerSecretOptional>' +
        '<isPkceRequired>false</isPkceRequired><label>Read_App</label></records>',
    );
  });

  it('returns the OAuth policies with the pre-authorized permission sets', async () => {
    assert.equal(
      await read('ExtlClntAppOauthConfigurablePolicies', 'Read_App_oauthPlcy'),
      '<records xsi:type="ExtlClntAppOauthConfigurablePolicies"><fullName>Read_App_oauthPlcy</fullName>' +
        '<commaSeparatedPermissionSet>JWT_Access</commaSeparatedPermissionSet><externalClientApplication>Read_App</externalClientApplication>' +
        '<ipRelaxationPolicyType>Enforce</ipRelaxationPolicyType><label>Read_App</label>' +
        '<permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType></records>',
    );
  });

  it('keeps answering the consumer key after a redeploy that left it out', async () => {
    const result = await deployZip(
      emulator.url,
      admin,
      mdapiZip(ecaFiles({ name: 'Read_App', certificatePem: demo().certificatePem, permissionSets: ['JWT_Access'] })),
    );
    assert.equal(result.status, 'Succeeded');
    assert.match(
      (await read('ExtlClntAppGlobalOauthSettings', 'Read_App_glbloauth')) ?? '',
      new RegExp(`<consumerKey>${KEY}</consumerKey>`),
    );
  });

  it('answers nil when consumer secrets via Metadata API are off, or the user may not manage ECAs', async () => {
    emulator.setOrg(PROD_ID, { oauthSecretsViaMetadataApi: false });
    assert.equal(await read('ExtlClntAppGlobalOauthSettings', 'Read_App_glbloauth'), '<records xsi:nil="true"/>');
    emulator.setOrg(PROD_ID, { oauthSecretsViaMetadataApi: true });
    emulator.setUser('admin@acme.example', { canManageExternalClientApps: false });
    assert.equal(await read('ExtlClntAppGlobalOauthSettings', 'Read_App_glbloauth'), '<records xsi:nil="true"/>');
  });

  it("reads the org's External Client App settings as API 66.0 has them (no enableExternalClientApps), for ExternalClientApp only", async () => {
    const settings = (secrets: boolean) =>
      '<records xsi:type="ExternalClientAppSettings"><fullName>ExternalClientApp</fullName>' +
      '<enableClientSecretInRestApiAccess>false</enableClientSecretInRestApiAccess>' +
      `<enableConsumerSecretApiAccess>${secrets}</enableConsumerSecretApiAccess>` +
      '<enablePackageEcaOauthFromDevOrg>false</enablePackageEcaOauthFromDevOrg></records>';
    assert.equal(await read('ExternalClientAppSettings', 'ExternalClientApp'), settings(true));
    emulator.setOrg(PROD_ID, { externalClientApps: false, oauthSecretsViaMetadataApi: false });
    assert.equal(
      await read('ExternalClientAppSettings', 'ExternalClientApp', 'Other'),
      settings(false) + '<records xsi:nil="true"/>',
    );
  });

  it('refuses types it does not read with a fault', async () => {
    const { res } = await soapCall(
      emulator.url,
      admin,
      'readMetadata',
      '<type>ApexClass</type><fullNames>X</fullNames>',
    );
    assert.equal(res.status, 500);
    assert.match(res.body, /<faultcode xmlns:sf="[^"]+">sf:INVALID_TYPE<\/faultcode>/);
  });
});
