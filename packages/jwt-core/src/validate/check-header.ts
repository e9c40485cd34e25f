import type { JsonObject } from './decode.js';
import { finding, type Finding } from './findings.js';

const USE_RS256 =
  'Sign with RS256 (RSA + SHA-256) using the private key whose certificate is on the app: createAssertion does.';
const RS256_HINT = { kind: 'sign-rs256' } as const;

/** Header checks: `alg` must be RS256, the only algorithm Salesforce documents; `typ` JWT is what the CLI sends; key hints are ignored. */
export function checkHeader(header: JsonObject): Finding[] {
  const out: Finding[] = [];
  const alg = header['alg'];
  if (alg === undefined) {
    out.push(finding('ALG_MISSING', 'The header has no "alg".', USE_RS256, RS256_HINT));
  } else if (typeof alg !== 'string' || alg.toLowerCase() === 'none') {
    out.push(
      finding(
        'ALG_NONE',
        `The header's alg is ${JSON.stringify(alg)}: the assertion is unsigned.`,
        USE_RS256,
        RS256_HINT,
      ),
    );
  } else if (/^HS(256|384|512)$/.test(alg)) {
    out.push(
      finding(
        'ALG_HMAC',
        `The header's alg is ${alg}, an HMAC with a shared secret; Salesforce verifies RS256 against the app's certificate.`,
        USE_RS256,
        RS256_HINT,
      ),
    );
  } else if (alg === 'RS384' || alg === 'RS512') {
    out.push(
      finding(
        'ALG_UNTESTED',
        `The header's alg is ${alg}; Salesforce documents only RS256, and ${alg} is untested inbound.`,
        USE_RS256,
        RS256_HINT,
      ),
    );
  } else if (alg !== 'RS256') {
    out.push(
      finding(
        'ALG_NOT_RS256',
        `The header's alg is ${alg}; Salesforce's JWT bearer flow accepts RS256 only.`,
        USE_RS256,
        RS256_HINT,
      ),
    );
  }

  const typ = header['typ'];
  if (typ === undefined) {
    out.push(
      finding(
        'TYP_MISSING',
        'The header has no "typ"; the sf CLI and most libraries send "JWT".',
        'Add "typ": "JWT" to the header.',
      ),
    );
  } else if (typ !== 'JWT') {
    out.push(
      finding(
        'TYP_NOT_JWT',
        `The header's typ is ${JSON.stringify(typ)}, not "JWT".`,
        'Use "typ": "JWT", as the sf CLI does.',
      ),
    );
  }

  const hints = ['kid', 'x5t', 'x5t#S256', 'x5c', 'x5u', 'jku', 'jwk'].filter((k) => header[k] !== undefined);
  if (hints.length > 0) {
    // One certificate per app: nothing to select, so Salesforce presumably ignores these (undocumented).
    out.push(
      finding(
        'HEADER_KEY_HINT_IGNORED',
        `The header names a key (${hints.join(', ')}); Salesforce keeps one certificate per app and presumably ignores it.`,
        'Nothing to do; the signature is checked against the certificate on the app.',
      ),
    );
  }
  return out;
}
