// Properties of the app metadata writers (issue 27): for any name, label, description, contact email, scopes and
// permitted users (valid ones, hostile text, control characters, XML syntax), the External Client App and Connected
// App builders refuse with a coded error, or write files that an independent XML reader parses, that match
// Salesforce's WSDL types, and that carry the label and description back as given.
import { strict as assert } from 'node:assert';
import { assertCoded, describeProperties, fc, hostileText, outcomeOf } from '@sfjwt/test-support/fuzz';
import { JwtCoreError } from '../../src/errors.js';
import { buildConnectedApp } from '../../src/metadata/connected-app.js';
import { buildExternalClientApp } from '../../src/metadata/external-client-app.js';
import type { AppMetadata } from '../../src/metadata/types.js';
import { CERT_PEM, KEY } from './fixtures.js';
import { parseXml, type XmlNode } from './xml-reader.js';
import { mismatches } from './wsdl-check.js';

const text = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('Billing & Sync', 'Zoë <Ünïcode>', 'it\'s "quoted"', ']]> cdata', 'plain') },
  hostileText,
);
const options = fc.record(
  {
    name: fc.oneof(
      { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,10}(_[A-Za-z0-9]{1,8})?$/) },
      hostileText,
    ),
    label: text,
    description: text,
    contactEmail: fc.oneof({ weight: 6, arbitrary: fc.emailAddress() }, hostileText),
    scopes: fc.oneof(
      { weight: 6, arbitrary: fc.subarray(['Api', 'RefreshToken', 'Web', 'OpenID']) },
      fc.array(hostileText, { maxLength: 2 }),
    ),
    profiles: fc.oneof(
      { weight: 6, arbitrary: fc.constant(['System Administrator']) },
      fc.array(text, { minLength: 1, maxLength: 2 }),
    ),
  },
  { noNullPrototype: true },
);

/** Every element of a file, depth first. */
const elements = (node: XmlNode): XmlNode[] => [node, ...node.children.flatMap(elements)];

function writtenOrRefused(build: () => AppMetadata, label: string, description: string): void {
  let app: AppMetadata | undefined;
  const error = outcomeOf(() => (app = build()));
  if (error !== undefined) return assertCoded(error, JwtCoreError);
  const texts = new Set<string>();
  for (const file of app!.files) {
    if (!file.path.endsWith('.xml')) continue;
    const { root } = parseXml(file.contents);
    assert.deepEqual(mismatches(root.name, root), [], file.path);
    for (const node of elements(root)) texts.add(node.text);
  }
  assert.ok(texts.has(label.trim()) || texts.has(label), `the label ${JSON.stringify(label)} does not read back`);
  assert.ok(
    texts.has(description.trim()) || texts.has(description),
    `the description ${JSON.stringify(description)} does not read back`,
  );
}

describeProperties('jwt-core/app-metadata', {
  'an External Client App for any input is refused with a coded error or written as valid, WSDL-typed XML': {
    runs: 150,
    property: () =>
      fc.property(options, (o) =>
        writtenOrRefused(
          () =>
            buildExternalClientApp({
              ...o,
              certificate: CERT_PEM,
              consumerKey: KEY,
              createPermissionSet: { name: `${o.name}_JWT`, description: o.description },
            }),
          o.label,
          o.description,
        ),
      ),
  },
  'a Connected App for any input is refused with a coded error or written as valid, WSDL-typed XML': {
    runs: 100,
    property: () =>
      fc.property(options, (o) =>
        writtenOrRefused(
          () => buildConnectedApp({ ...o, certificate: CERT_PEM, consumerKey: KEY }),
          o.label,
          o.description,
        ),
      ),
  },
});
