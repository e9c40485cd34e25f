// listMetadata of both app kinds and readMetadata of ConnectedApp: what `sf jwt app list` and `sf jwt app rotate`
// read. A Connected App read back redeploys as it is (the rotation path: the same component, a new certificate), and
// the org's certificatesViaMetadataApi switch withholds certificates from both kinds.
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../src/index.js';
import { appSetupConfig, jwtGrant, loginAs, rotatedPair } from './support/appsetup.js';
import { deployZip, ecaFiles, mdapiZip, packageXml, soapCall } from './support/eca-metadata.js';
import { CA_KEY, NOW, PROD_ID, demo } from './support/setup.js';

const CA_NAME = CA_KEY.slice(0, 12);

describe('Metadata API listMetadata and ConnectedApp readMetadata (SOAP)', () => {
  let emulator: Emulator;
  let admin = '';
  let clock = NOW;
  const call = async (operation: string, body: string) => {
    const { res } = await soapCall(emulator.url, admin, operation, body);
    assert.equal(res.status, 200, res.body);
    return res.body;
  };
  const list = async (...types: string[]) =>
    [
      ...(await call('listMetadata', types.map((t) => `<queries><type>${t}</type></queries>`).join(''))).matchAll(
        /<result>.*?<fullName>([^<]*)<\/fullName>.*?<type>([^<]*)<\/type><\/result>/g,
      ),
    ].map(([, fullName, type]) => `${type}:${fullName}`);
  const readCa = async (name: string) =>
    /<result>(.*)<\/result>/s.exec(
      await call('readMetadata', `<type>ConnectedApp</type><fullNames>${name}</fullNames>`),
    )?.[1] ?? '';

  beforeEach(async () => {
    clock = NOW;
    emulator = await startEmulator(appSetupConfig(), { now: () => clock });
    emulator.setPropagationDelay(0);
    admin = await loginAs(emulator, 'admin@acme.example', NOW);
    const deployed = await deployZip(
      emulator.url,
      admin,
      mdapiZip(ecaFiles({ name: 'Listed_App', certificatePem: demo().certificatePem, permissionSets: ['JWT_Access'] })),
    );
    assert.equal(deployed.status, 'Succeeded');
  });
  afterEach(() => emulator.stop());

  it("lists the org's own apps of each kind (configured and deployed; managed ones left out), with FileProperties", async () => {
    assert.deepEqual(await list('ExternalClientApplication', 'ExtlClntAppGlobalOauthSettings', 'ConnectedApp'), [
      'ExternalClientApplication:3MVG9EXTERNA',
      'ExternalClientApplication:Listed_App',
      'ExtlClntAppGlobalOauthSettings:3MVG9EXTERNA',
      'ExtlClntAppGlobalOauthSettings:Listed_App_glbloauth',
      'ConnectedApp:3MVG9CONNECT',
      'ConnectedApp:3MVG9SELFAUT',
    ]);
    const body = await call('listMetadata', '<queries><type>ConnectedApp</type></queries>');
    assert.match(body, /<fileName>connectedApps\/3MVG9CONNECT\.connectedApp<\/fileName>/);
    assert.match(body, /<id>0H4\w{15}<\/id>/);
  });

  it('refuses an unknown type and more than three queries', async () => {
    const { res } = await soapCall(emulator.url, admin, 'listMetadata', '<queries><type>ApexClass</type></queries>');
    assert.equal(res.status, 500);
    assert.match(res.body, /INVALID_TYPE/);
    const four = '<queries><type>ConnectedApp</type></queries>'.repeat(4);
    assert.match((await soapCall(emulator.url, admin, 'listMetadata', four)).res.body, /INVALID_FIELD/);
  });

  it('reads a Connected App in WSDL order, nil for an unknown name', async () => {
    const cert = demo().certificatePem.trim();
    assert.equal(
      await readCa(CA_NAME),
      `<records xsi:type="ConnectedApp"><fullName>${CA_NAME}</fullName><contactEmail>admin@acme.example</contactEmail>` +
        `<label>${CA_NAME}</label><oauthConfig><callbackUrl>http://localhost:1717/OauthRedirect</callbackUrl>` +
        `<certificate>${cert}</certificate><consumerKey>${CA_KEY}</consumerKey><isAdminApproved>true</isAdminApproved>` +
        '<scopes>Api</scopes><scopes>Web</scopes><scopes>RefreshToken</scopes></oauthConfig>' +
        '<oauthPolicy><ipRelaxation>ENFORCE</ipRelaxation><refreshTokenPolicy>infinite</refreshTokenPolicy></oauthPolicy>' +
        '<permissionSetName>JWT_Access</permissionSetName><profileName>System Administrator</profileName></records>',
    );
    assert.equal(await readCa('Nope'), '<records xsi:nil="true"/>');
  });

  it('withholds certificates of both kinds when certificatesViaMetadataApi is off', async () => {
    emulator.setOrg(PROD_ID, { certificatesViaMetadataApi: false });
    assert.doesNotMatch(await readCa(CA_NAME), /<certificate>/);
    assert.match(await readCa(CA_NAME), /<consumerKey>3MVG9CONNECTEDAPP<\/consumerKey>/);
    const global = await call(
      'readMetadata',
      '<type>ExtlClntAppGlobalOauthSettings</type><fullNames>Listed_App_glbloauth</fullNames>',
    );
    assert.match(global, /<consumerKey>/);
    assert.doesNotMatch(global, /<certificate>/);
  });

  it('takes a Connected App read back with a new certificate: the key and users are kept, the new key logs in', async () => {
    const record = (await readCa(CA_NAME)).replace(/^<records[^>]*>/, '').replace(/<\/records>$/, '');
    const { certificatePem, privateKeyPem } = rotatedPair();
    const rotated = record.replace(
      /<certificate>[^<]*<\/certificate>/,
      `<certificate>${certificatePem.trim()}</certificate>`,
    );
    const files = {
      [`connectedApps/${CA_NAME}.connectedApp`]: `<?xml version="1.0" encoding="UTF-8"?><ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">${rotated.replace(/<fullName>[^<]*<\/fullName>/, '')}</ConnectedApp>`,
    };
    const result = await deployZip(emulator.url, admin, mdapiZip(files, packageXml(files)));
    assert.equal(result.status, 'Succeeded', JSON.stringify(result));
    const fresh = await jwtGrant(emulator, CA_KEY, 'admin@acme.example', privateKeyPem, clock);
    assert.equal(fresh.status, 200, fresh.body);
    assert.equal((await jwtGrant(emulator, CA_KEY, 'admin@acme.example', demo().privateKeyPem, clock)).status, 400);
  });
});
