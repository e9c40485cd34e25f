// The builders' output checked against Salesforce's own WSDL-generated types (@salesforce/types' metadata.d.ts, the
// pinned version the emulator's build reads): every element we write exists in its type, at its level, with the value
// kind the type declares, and every element the type requires is there. A new API version that renames or retypes an
// element fails here, not in a customer's deploy.
import { strict as assert } from 'node:assert';
import { wsdlSchema } from '@sfjwt/salesforce-emulator';
import { buildConnectedApp } from '../../src/metadata/connected-app.js';
import { buildExternalClientApp } from '../../src/metadata/external-client-app.js';
import { CERT_PEM, KEY } from './fixtures.js';
import { parseXml, type XmlNode } from './xml-reader.js';
import { mismatches } from './wsdl-check.js';

describe("the builders' output against Salesforce's WSDL types", () => {
  const options = {
    certificate: CERT_PEM,
    consumerKey: KEY,
    contactEmail: 'admin@example.com',
    description: 'Billing sync',
    label: 'Billing & Sync',
    scopes: ['Api', 'RefreshToken', 'Web', 'OpenID'],
    profiles: ['System Administrator'],
  };
  const apps = {
    'External Client App': buildExternalClientApp({
      ...options,
      name: 'Billing_Sync',
      createPermissionSet: { name: 'Billing_Sync_JWT', description: 'JWT users' },
    }),
    'External Client App with existing permission sets': buildExternalClientApp({
      ...options,
      name: 'Billing_Sync',
      permissionSets: ['Integration_Users'],
    }),
    'Connected App': buildConnectedApp({ ...options, name: 'Legacy_Sync', permissionSets: ['Integration_Users'] }),
  };

  it('reads the pinned @salesforce/types', () => {
    assert.match(wsdlSchema().source, /^@salesforce\/types@\d+\.\d+\.\d+$/);
  });

  for (const [what, app] of Object.entries(apps)) {
    it(`${what}: every element exists in its type with the declared value kind; required ones are present`, () => {
      assert.ok(app.files.length > 0);
      for (const file of app.files) {
        const { root } = parseXml(file.contents);
        assert.deepEqual(mismatches(root.name, root), [], file.path);
      }
    });
  }

  it('fails on a renamed or retyped element (the check can fail)', () => {
    const { root } = parseXml(apps['External Client App'].files[2]!.contents);
    const renamed: XmlNode = {
      ...root,
      children: root.children.map((c) =>
        c.name === 'isPkceRequired'
          ? { ...c, name: 'isPkceRequried' }
          : c.name === 'isConsumerSecretOptional'
            ? { ...c, text: 'yes' }
            : c,
      ),
    };
    assert.deepEqual(mismatches('ExtlClntAppGlobalOauthSettings', renamed), [
      'ExtlClntAppGlobalOauthSettings.isConsumerSecretOptional: "yes" is not a boolean',
      'ExtlClntAppGlobalOauthSettings.isPkceRequried: no such element',
    ]);
  });
});
