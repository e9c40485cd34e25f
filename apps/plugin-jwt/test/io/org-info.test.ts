import { strict as assert } from 'node:assert';
import type { ExchangeResponse } from '@sfjwt/jwt-core';
import type { HttpFetch, HttpInit } from '../../src/io/http.js';
import { fetchOrgFields, MAX_ORG_RESPONSE_BYTES } from '../../src/io/org-info.js';
import { resolveTimeoutMs } from '../../src/io/timeout.js';

const NOW = (): number => Date.UTC(2027, 0, 1);
const ok = (body: unknown): Response =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
const versions = [{ version: '65.0' }, { version: '66.0' }];
const orgQuery = {
  records: [
    {
      Name: 'Acme',
      InstanceName: 'NA1',
      IsSandbox: false,
      TrialExpirationDate: null,
      NamespacePrefix: null,
      OrganizationType: 'Enterprise Edition',
    },
  ],
};

function fakeFetch(
  answer: (url: string, init: HttpInit) => Promise<Response>,
): HttpFetch & { calls: { url: string; init: HttpInit }[] } {
  const calls: { url: string; init: HttpInit }[] = [];
  const fetch = async (url: string, init: HttpInit): Promise<ExchangeResponse> => {
    calls.push({ url, init });
    return answer(url, init);
  };
  return Object.assign(fetch, { calls });
}

const byPath = (url: string): Response =>
  url.endsWith('/services/data') ? ok(versions) : url.includes('ScratchOrgInfo') ? ok({ records: [] }) : ok(orgQuery);

async function code(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'resolved',
    (e: unknown) => (e as Error).name,
  );
}

describe('io/org-info: the lookups after login', () => {
  it('reads the three answers (bearer token, no redirects) into the auth fields', async () => {
    const fetch = fakeFetch((url) => Promise.resolve(byPath(url)));
    const fields = await fetchOrgFields(fetch, 'https://acme.my.salesforce.com', 'TOKEN', NOW);
    assert.deepEqual(
      { ...fields, instanceApiVersionLastRetrieved: undefined },
      {
        isDevHub: true,
        instanceApiVersion: '66.0',
        instanceApiVersionLastRetrieved: undefined,
        name: 'Acme',
        instanceName: 'NA1',
        namespacePrefix: null,
        isSandbox: false,
        isScratch: false,
        trailExpirationDate: null,
        orgEdition: 'Enterprise Edition',
      },
    );
    assert.equal(fetch.calls.length, 3);
    for (const { init } of fetch.calls) {
      assert.equal(init.headers.authorization, 'Bearer TOKEN');
      assert.equal(init.redirect, 'manual');
    }
  });

  for (const url of ['http://acme.my.salesforce.com', 'http://10.0.0.1:8080', 'http://localhost.evil.example']) {
    it(`never sends the token to ${url} (ERR_INSECURE_INSTANCE_URL before any request)`, async () => {
      const fetch = fakeFetch((u) => Promise.resolve(byPath(u)));
      assert.equal(await code(fetchOrgFields(fetch, url, 'TOKEN', NOW)), 'ERR_INSECURE_INSTANCE_URL');
      assert.equal(fetch.calls.length, 0);
    });
  }

  it('allows plain http to loopback (the emulator)', async () => {
    const fetch = fakeFetch((u) => Promise.resolve(byPath(u)));
    assert.equal((await fetchOrgFields(fetch, 'http://127.0.0.1:4321', 'TOKEN', NOW)).name, 'Acme');
  });

  it('fails past the byte cap (declared or streamed) and aborts the other lookups', async () => {
    const big = 'x'.repeat(MAX_ORG_RESPONSE_BYTES + 1);
    const fetch = fakeFetch(async (url, init) =>
      url.endsWith('/services/data')
        ? new Response(JSON.stringify([big]), { status: 200 })
        : new Promise<Response>((_, reject) =>
            init.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
          ),
    );
    const err = await fetchOrgFields(fetch, 'https://acme.my.salesforce.com', 'TOKEN', NOW).then(
      () => assert.fail('resolved'),
      (e: unknown) => e as Error & { data?: unknown },
    );
    assert.equal(err.name, 'ERR_ORG_RESPONSE_TOO_LARGE');
    assert.equal(
      err.message,
      `https://acme.my.salesforce.com answered the org lookup /services/data with more than ${MAX_ORG_RESPONSE_BYTES} bytes; the rest was not read and nothing was saved.`,
    );
    assert.ok(fetch.calls.every((c) => c.init.signal?.aborted === true));
  });

  it('fails when the lookups outlast their one deadline (ERR_ORG_LOOKUP_TIMEOUT)', async () => {
    const fetch = fakeFetch(
      (_url, init) =>
        new Promise<Response>((_, reject) =>
          init.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
        ),
    );
    const err = await fetchOrgFields(fetch, 'https://acme.my.salesforce.com', 'TOKEN', NOW, { deadlineMs: 20 }).then(
      () => assert.fail('resolved'),
      (e: unknown) => e as Error,
    );
    assert.equal(err.name, 'ERR_ORG_LOOKUP_TIMEOUT');
    assert.equal(
      err.message,
      'https://acme.my.salesforce.com did not answer the org lookups within 0.02 s; nothing was saved.',
    );
  });

  it('stays best effort for errors and non-JSON answers', async () => {
    const fetch = fakeFetch(async (url) =>
      url.endsWith('/services/data')
        ? Promise.reject(new Error('ECONNRESET'))
        : new Response('<html>', { status: 500 }),
    );
    assert.deepEqual(await fetchOrgFields(fetch, 'https://acme.my.salesforce.com', 'TOKEN', NOW), { isDevHub: false });
  });
});

describe('io/timeout: --timeout, SFJWT_TIMEOUT, default', () => {
  it('prefers the flag, then the env, then 30 s', () => {
    assert.equal(resolveTimeoutMs(5, { SFJWT_TIMEOUT: '60' }), 5000);
    assert.equal(resolveTimeoutMs(undefined, { SFJWT_TIMEOUT: ' 60 ' }), 60_000);
    assert.equal(resolveTimeoutMs(undefined, {}), 30_000);
    assert.equal(resolveTimeoutMs(undefined, { SFJWT_TIMEOUT: '' }), 30_000);
  });

  for (const bad of ['0', '3601', '1.5', '-2', 'ten', '30s']) {
    it(`refuses SFJWT_TIMEOUT=${bad} (ERR_TIMEOUT_INVALID)`, () => {
      assert.throws(
        () => resolveTimeoutMs(undefined, { SFJWT_TIMEOUT: bad }),
        (e: Error) =>
          e.name === 'ERR_TIMEOUT_INVALID' &&
          e.message ===
            `SFJWT_TIMEOUT="${bad}" is not a usable timeout: give a whole number of seconds from 1 to 3600.`,
      );
    });
  }
});
