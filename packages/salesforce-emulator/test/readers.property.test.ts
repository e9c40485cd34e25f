// Properties of the emulator's XML and SOAP readers (issue 27): real envelopes and component files mutated (a tag
// dropped, truncated, nested past the cap, DOCTYPE and entities, hostile characters) are read or refused with
// XmlSyntaxError carrying a line and column; the SOAP reader answers { ok } or { ok: false, reason }, never throws;
// what escapeXml writes reads back as the same text.
import assert from 'node:assert/strict';
import { describeProperties, fc, hostileText, mutatedText, outcomeOf } from '@sfjwt/test-support/fuzz';
import { parseSoapRequest } from '../src/soap/envelope.js';
import { escapeXml, parseXml, XmlSyntaxError } from '../src/xml/parse.js';

const DOCUMENTS = [
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:met="http://soap.sforce.com/2006/04/metadata"><soapenv:Header><met:SessionHeader><met:sessionId>00D!session</met:sessionId></met:SessionHeader></soapenv:Header><soapenv:Body><met:checkDeployStatus><met:asyncProcessId>0Af000000000001AAA</met:asyncProcessId><met:includeDetails>true</met:includeDetails></met:checkDeployStatus></soapenv:Body></soapenv:Envelope>',
  '<?xml version="1.0" encoding="UTF-8"?>\n<ExternalClientApplication xmlns="http://soap.sforce.com/2006/04/metadata">\n  <contactEmail>a&amp;b@acme.example</contactEmail>\n  <!-- comment -->\n  <description><![CDATA[x < y]]></description>\n  <label>Sfjwt &#233; &#x1F600;</label>\n</ExternalClientApplication>\n',
  '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
];

describeProperties('salesforce-emulator/readers', {
  'mutated envelopes and component files are read or refused with a located XmlSyntaxError': {
    runs: 400,
    property: () =>
      fc.property(
        fc.oneof(
          mutatedText(fc.constantFrom(...DOCUMENTS), 4),
          hostileText,
          fc.string({ unit: 'binary', maxLength: 200 }),
        ),
        (text) => {
          const error = outcomeOf(() => parseXml(text, { maxDepth: 32, maxElements: 5_000 }));
          if (error === undefined) return;
          if (!(error instanceof XmlSyntaxError))
            throw error instanceof Error ? error : new Error('a non-Error was thrown', { cause: error });
          assert.ok(
            Number.isInteger(error.line) && error.line >= 1 && Number.isInteger(error.column) && error.column >= 1,
          );
        },
      ),
  },
  'the SOAP reader answers ok or a reason for any text, and never throws': {
    runs: 300,
    property: () =>
      fc.property(fc.oneof(mutatedText(fc.constant(DOCUMENTS[0]!), 4), hostileText), (text) => {
        const parsed = parseSoapRequest(text);
        if (!parsed.ok) assert.ok(parsed.reason.length > 0);
      }),
  },
  'nesting and element counts past the caps are refused, not a stack overflow': {
    runs: 20,
    property: () =>
      fc.property(fc.integer({ min: 33, max: 20_000 }), fc.boolean(), (count, nested) => {
        const text = nested ? '<a>'.repeat(count) + '</a>'.repeat(count) : `<r>${'<a/>'.repeat(5_000 + count)}</r>`;
        assert.ok(outcomeOf(() => parseXml(text, { maxDepth: 32, maxElements: 5_000 })) instanceof XmlSyntaxError);
      }),
  },
  'text that escapeXml writes reads back as the same text': {
    runs: 300,
    property: () =>
      fc.property(
        // XML 1.0 has no way to write these characters (nor a lone CR, which readers turn into LF).
        // eslint-disable-next-line no-control-regex
        fc.string({ unit: 'grapheme' }).filter((text) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\r]/.test(text)),
        (text) => {
          assert.equal(parseXml(`<a>${escapeXml(text)}</a>`).text, text);
        },
      ),
  },
});
