import { strict as assert } from 'node:assert';
import { buildConnectedApp } from '../../src/metadata/connected-app.js';
import { buildExternalClientApp } from '../../src/metadata/external-client-app.js';
import { escapeXml } from '../../src/metadata/xml.js';
import { CERT_PEM, KEY } from './fixtures.js';
import { childText, parseXml } from './xml-reader.js';

const LABEL = `Sales & Marketing <"Ops"> 'R&D' ]]> é 𝄞`;
const DESCRIPTION = 'Line one & <two>\n\tindented "three" — ünïcödé';
const PROFILE = 'Sales & Marketing <Ops>';

describe('metadata text escaping', () => {
  it('escapes the five XML special characters and nothing else', () => {
    assert.equal(escapeXml(`a&b<c>d"e'f`), 'a&amp;b&lt;c&gt;d&quot;e&apos;f');
    assert.equal(escapeXml('plain é 𝄞 text'), 'plain é 𝄞 text');
    assert.equal(escapeXml('&amp;'), '&amp;amp;');
  });

  it('every text of an External Client App survives a round trip through an XML parser', () => {
    const app = buildExternalClientApp({
      name: 'Escaped',
      label: LABEL,
      description: DESCRIPTION,
      certificate: CERT_PEM,
      contactEmail: 'escaped@example.com',
      consumerKey: KEY,
      profiles: [PROFILE],
      createPermissionSet: { name: 'Escaped_PS', label: LABEL, description: DESCRIPTION },
    });
    const [header, settings, global, oauthPolicy, , permissionSet] = app.files.map((f) => parseXml(f.contents).root);
    assert.equal(childText(header!, 'label'), LABEL);
    assert.equal(childText(header!, 'description'), DESCRIPTION);
    assert.equal(childText(settings!, 'label'), LABEL);
    assert.equal(childText(global!, 'label'), LABEL);
    assert.equal(childText(oauthPolicy!, 'commaSeparatedProfile'), PROFILE);
    assert.equal(childText(permissionSet!, 'label'), LABEL);
    assert.equal(childText(permissionSet!, 'description'), DESCRIPTION);
    // The raw text never carries an unescaped special character inside an element.
    for (const file of app.files) {
      for (const m of file.contents.matchAll(/>([^<]*)</g))
        assert.doesNotMatch(m[1]!, /&(?!amp;|lt;|gt;|quot;|apos;)|>/);
    }
  });

  it('the texts of a Connected App survive the same round trip', () => {
    const app = buildConnectedApp({
      name: 'Escaped_CA',
      label: LABEL,
      description: DESCRIPTION,
      contactEmail: "o'brien+jwt@example.com",
      certificate: CERT_PEM,
      consumerKey: KEY,
      profiles: [PROFILE],
    });
    const root = parseXml(app.files[0]!.contents).root;
    assert.equal(childText(root, 'label'), LABEL);
    assert.equal(childText(root, 'description'), DESCRIPTION);
    assert.equal(childText(root, 'contactEmail'), "o'brien+jwt@example.com");
    assert.equal(childText(root, 'profileName'), PROFILE);
  });
});
