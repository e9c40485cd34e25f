// Properties of the reader of the admin org's SOAP answers (io/xml-answer, issue 27): real answers mutated (a tag
// dropped, truncated, nested, entities and hostile characters spliced in) and random text are read or refused with
// XmlInvalid, never another error and never a stack overflow; a tree we serialize reads back as the same tree.
import { strict as assert } from 'node:assert';
import { describeProperties, fc, hostileText, mutatedText, outcomeOf } from '@sfjwt/test-support/fuzz';
import { parseXml, plainValue, XmlInvalid, type XmlNode } from '../../src/io/xml-answer.js';

const ANSWERS = [
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata"><soapenv:Body><checkDeployStatusResponse><result><done>true</done><id>0Af000000000001AAA</id><status>Succeeded</status><success>true</success><details><componentFailures><problem>A &amp; B &lt;x&gt; &#233;&#x1F600;</problem></componentFailures></details></result></checkDeployStatusResponse></soapenv:Body></soapenv:Envelope>',
  '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>sf:INVALID_SESSION_ID</faultcode><faultstring><![CDATA[Session expired <or> invalid]]></faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>',
  '<readMetadataResponse><result><records xsi:type="ExtlClntAppOauthSettings" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><fullName>Sfjwt_App</fullName><consumerKey xsi:nil="true"/></records></result></readMetadataResponse>',
  '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
];

const name = fc.stringMatching(/^[A-Za-z_][\w.-]{0,8}$/);
const tree: fc.Arbitrary<XmlNode> = fc.letrec<{ node: XmlNode }>((tie) => ({
  node: fc.record(
    {
      name,
      attributes: fc.dictionary(name, fc.string({ maxLength: 8 }), { maxKeys: 2, noNullPrototype: true }),
      children: fc.oneof({ depthSize: 'small' }, fc.constant<XmlNode[]>([]), fc.array(tie('node'), { maxLength: 3 })),
      text: fc.string({ maxLength: 12 }),
    },
    { noNullPrototype: true },
  ),
})).node;

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const serialize = (node: XmlNode): string =>
  `<${node.name}${Object.entries(node.attributes)
    .map(([key, value]) => ` ${key}="${escape(value)}"`)
    .join('')}>` + `${escape(node.text)}${node.children.map(serialize).join('')}</${node.name}>`;

/** What a reader keeps of a tree: text comes back as one string per element, after its children's markup is gone. */
const expected = (node: XmlNode): unknown => ({
  name: node.name,
  attributes: node.attributes,
  text: node.text,
  children: node.children.map(expected),
});

describeProperties('plugin-jwt/xml-answer', {
  'mutated answers and random text are read or refused with XmlInvalid, nothing else': {
    runs: 500,
    property: () =>
      fc.property(
        fc.oneof(
          mutatedText(fc.constantFrom(...ANSWERS), 4),
          hostileText,
          fc.string({ unit: 'binary', maxLength: 300 }),
        ),
        (text) => {
          const error = outcomeOf(() => plainValue(parseXml(text)));
          if (error !== undefined && !(error instanceof XmlInvalid))
            throw error instanceof Error ? error : new Error('a non-Error was thrown', { cause: error });
        },
      ),
  },
  'nesting far past the limit is refused with XmlInvalid, not a stack overflow': {
    runs: 20,
    property: () =>
      fc.property(fc.integer({ min: 65, max: 100_000 }), fc.boolean(), (depth, closed) => {
        const text = '<a>'.repeat(depth) + (closed ? '</a>'.repeat(depth) : '');
        assert.ok(outcomeOf(() => parseXml(text)) instanceof XmlInvalid);
      }),
  },
  'a tree we serialize reads back as the same tree': {
    runs: 300,
    property: () =>
      fc.property(tree, (node) => {
        assert.deepEqual(expected(parseXml(serialize(node))), expected(node));
      }),
  },
});
