import { strict as assert } from 'node:assert';
import { TransportError } from '../../src/index.js';
import { parseTokenResponse } from '../../src/exchange/token-response.js';

const HOST = 'https://login.salesforce.com';
const BODY = {
  access_token: '00D!AQ',
  instance_url: 'https://acme.my.salesforce.com',
  id: `${HOST}/id/00D000000000001AAA/005000000000001AAA`,
};

function rejects(body: Record<string, unknown>): TransportError {
  try {
    parseTokenResponse(body, HOST);
  } catch (err) {
    assert.ok(err instanceof TransportError);
    return err;
  }
  assert.fail('accepted');
}

describe('parseTokenResponse: server values the client would reuse or print', () => {
  it('accepts an ordinary answer', () => {
    assert.equal(parseTokenResponse(BODY, HOST).instanceUrl, 'https://acme.my.salesforce.com');
  });

  for (const [name, instanceUrl] of [
    ['escape sequences', 'https://acme.my.salesforce.com/\u001b]0;title\u0007'],
    ['a forged line', 'https://acme.my.salesforce.com\r\nSuccess: ok'],
    ['a space', 'https://acme.my.salesforce.com /x'],
    ['an unparsable host', 'https://acme..[x'],
    ['5,000 characters', `https://${'a'.repeat(5000)}.example`],
  ] as const) {
    it(`refuses an instance_url with ${name} (ERR_TOKEN_RESPONSE_INVALID), quoting at most 200 characters`, () => {
      const err = rejects({ ...BODY, instance_url: instanceUrl });
      assert.equal(err.code, 'ERR_TOKEN_RESPONSE_INVALID');
      assert.ok(err.message.length < 400, String(err.message.length));
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(err.message, /[\u0000-\u001f]/);
    });
  }

  it('refuses an id whose segments are not an org Id (00D…) and a user Id (005…) of 15 or 18 characters (fuzz counterexample, seed 393059436)', () => {
    for (const id of [
      `${HOST}/id/00d000000000001aaa/005000000000001aaa`,
      `${HOST}/id/005000000000001AAA/00D000000000001AAA`,
      `${HOST}/id/00D0000000000001A/005000000000001AAA`,
      `${HOST}/id/00D000000000001AAA/0050000000000001`,
    ]) {
      const err = rejects({ ...BODY, id });
      assert.equal(
        err.message,
        `The token response from ${HOST} is unusable: id ${JSON.stringify(id)} is not an identity URL ending in /<orgId>/<userId>.`,
      );
    }
    assert.equal(
      parseTokenResponse({ ...BODY, id: `${HOST}/id/00D000000000001/005000000000001` }, HOST).orgId,
      '00D000000000001',
    );
  });

  it('quotes a hostile id escaped and capped', () => {
    const err = rejects({ ...BODY, id: `https://x/id/\u001b[2J${'z'.repeat(1000)}` });
    assert.equal(err.code, 'ERR_TOKEN_RESPONSE_INVALID');
    assert.match(
      err.message,
      /^The token response from https:\/\/login\.salesforce\.com is unusable: id "https:\/\/x\/id\/\\u001b\[2Jz+… \(1017 characters\)" is not/,
    );
  });
});
