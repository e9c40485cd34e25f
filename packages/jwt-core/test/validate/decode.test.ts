import { strict as assert } from 'node:assert';
import { AssertionFormatError } from '../../src/errors.js';
import { decodeAssertion } from '../../src/validate/decode.js';

const H = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9'; // {"alg":"RS256","typ":"JWT"}
const C = Buffer.from('{"iss":"3MVG9abcdefg","sub":"ci@acme.com"}').toString('base64url');
const S = Buffer.from('not-a-real-signature').toString('base64url');
const FIX =
  'Give the compact JWS exactly as produced: three base64url parts joined by dots (header.claims.signature), e.g. from createAssertion.';

function malformed(token: string, message: string, part: string): void {
  assert.throws(
    () => decodeAssertion(token),
    (err: unknown) => {
      assert.ok(err instanceof AssertionFormatError);
      assert.equal(err.code, 'ERR_ASSERTION_MALFORMED');
      assert.equal(err.message, message);
      assert.equal(err.fix, FIX);
      assert.equal(err.details['part'], part);
      assert.equal(err.cause, undefined);
      return true;
    },
  );
}

describe('validate/decodeAssertion', () => {
  it('decodes header, claims, signing input and signature; trims surrounding whitespace', () => {
    const d = decodeAssertion(`\n  ${H}.${C}.${S}\r\n`);
    assert.deepEqual(d.header, { alg: 'RS256', typ: 'JWT' });
    assert.deepEqual(d.claims, { iss: '3MVG9abcdefg', sub: 'ci@acme.com' });
    assert.equal(d.signingInput, `${H}.${C}`);
    assert.equal(d.signature.toString(), 'not-a-real-signature');
  });

  it('allows an empty signature (alg none) so validation can report it', () => {
    assert.equal(decodeAssertion(`${H}.${C}.`).signature.length, 0);
  });

  it('caps the size', () => {
    assert.throws(
      () => decodeAssertion(`${H}.${C}.${'A'.repeat(20_000)}`),
      (err: unknown) =>
        err instanceof AssertionFormatError &&
        err.code === 'ERR_ASSERTION_TOO_LARGE' &&
        err.message === `The assertion is ${H.length + C.length + 2 + 20_000} bytes; the limit is 16384.` &&
        err.fix ===
          'An assertion is normally under 1 KB: check that you passed the assertion itself, not a file or a log.',
    );
    assert.throws(() => decodeAssertion(`${H}.${C}.${S}`, { maxBytes: 10 }), { code: 'ERR_ASSERTION_TOO_LARGE' });
  });

  it('names what is wrong with the whole assertion', () => {
    malformed('  ', 'The assertion is not a compact JWS: it is empty.', 'assertion');
    malformed(
      '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----',
      'The assertion is not a compact JWS: it is a PEM block (a key or certificate), not an assertion.',
      'assertion',
    );
    malformed(
      '00D5g000004ABCD!AQ0AQHx.abc',
      'The assertion is not a compact JWS: it looks like a Salesforce access token (session id), not an assertion.',
      'assertion',
    );
    malformed(
      `${H}.${C}`,
      'The assertion is not a compact JWS: it has 2 parts; a compact JWS has 3: header.claims.signature.',
      'assertion',
    );
    malformed(
      'abc',
      'The assertion is not a compact JWS: it has 1 part; a compact JWS has 3: header.claims.signature.',
      'assertion',
    );
    malformed(
      `${H}.a.b.c.d`,
      'The assertion is not a compact JWS: it has 5 parts (5 parts is an encrypted JWE); a compact JWS has 3: header.claims.signature.',
      'assertion',
    );
  });

  it('demands strict, unpadded base64url in each part', () => {
    malformed(`.${C}.${S}`, "The assertion's header part is malformed: it is empty.", 'header');
    malformed(
      `${H}==.${C}.${S}`,
      "The assertion's header part is malformed: it has '=' padding; a JWS uses unpadded base64url.",
      'header',
    );
    malformed(
      `${H}.${C}.ab+c/d`,
      "The assertion's signature part is malformed: it uses standard base64 ('+' or '/'), not base64url ('-' and '_').",
      'signature',
    );
    malformed(
      `${H}.${C.slice(0, 10)}\n${C.slice(10)}.${S}`,
      "The assertion's claims part is malformed: it contains whitespace or line breaks.",
      'claims',
    );
    malformed(
      `${H}.${C}.ab*c`,
      "The assertion's signature part is malformed: it contains characters outside base64url.",
      'signature',
    );
    malformed(
      `${H}.${C}A.${S}`,
      "The assertion's claims part is malformed: it is not canonical base64url (truncated or altered).",
      'claims',
    );
  });

  it('demands JSON objects for header and claims', () => {
    const enc = (s: string): string => Buffer.from(s).toString('base64url');
    malformed(
      `${enc('{"alg":')}.${C}.${S}`,
      "The assertion's header part is malformed: it does not decode to UTF-8 JSON.",
      'header',
    );
    malformed(
      `${H}.${Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url')}.${S}`,
      "The assertion's claims part is malformed: it does not decode to UTF-8 JSON.",
      'claims',
    );
    malformed(
      `${H}.${enc('[1,2]')}.${S}`,
      "The assertion's claims part is malformed: it is JSON array, not an object.",
      'claims',
    );
    malformed(
      `${enc('null')}.${C}.${S}`,
      "The assertion's header part is malformed: it is JSON null, not an object.",
      'header',
    );
    malformed(
      `${H}.${enc('"1700000000"')}.${S}`,
      "The assertion's claims part is malformed: it is JSON string, not an object.",
      'claims',
    );
  });
});
