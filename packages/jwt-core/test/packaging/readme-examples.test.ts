/**
 * README.md's examples in the matrix of test-support (Node 20 and 22, ES module and CommonJS, TypeScript 5.9, 6.0 and
 * 7.0): each runnable example against its own emulator, with the cases that show its promises (its output, and one
 * clear line and exit 1 on each kind of failure, never a stack trace). And the README's content: the main tasks, and
 * every error code under its class.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDemoConfig, startEmulator } from '@sfjwt/salesforce-emulator';
import { fencedBlocks, describeReadmeExamples, type ExampleCase, type ProcessResult } from '@sfjwt/test-support';
import { createAssertion, loadPrivateKey, resolveEndpoints } from '../../src/index.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const readmePath = join(packageDir, 'README.md');
const demo = createDemoConfig({ appType: 'connected-app' });

/** A case's setup: the example's files (server.key unless given) and environment, and its judgement. */
interface Setup {
  files?: Record<string, string | undefined>;
  env?: (url: string) => Record<string, string>;
  check(output: ProcessResult, url: string): void;
}

/** A case run against its own emulator (the app of `demo`), with the emulator's values in the environment. */
function emulatorCase(name: string, setup: Setup): ExampleCase {
  return {
    name,
    prepare: async (run) => {
      const files = { 'server.key': demo.privateKeyPem, ...setup.files };
      for (const [file, text] of Object.entries(files))
        if (text !== undefined) writeFileSync(join(run.dir, file), text, { mode: 0o600 });
      const emulator = await startEmulator(demo.config);
      let env: Record<string, string>;
      try {
        env = {
          SALESFORCE_CLIENT_ID: demo.consumerKey,
          SALESFORCE_USERNAME: demo.username,
          SALESFORCE_INSTANCE_URL: emulator.url,
          ...setup.env?.(emulator.url),
        };
      } catch (error) {
        await emulator.stop();
        throw error;
      }
      return { env, check: ([output]) => setup.check(output!, emulator.url), stop: () => emulator.stop() };
    },
  };
}

/** Exit 0 and exactly this on stdout. */
const printsExactly =
  (expected: (url: string) => string) =>
  (output: ProcessResult, url: string): void => {
    assert.equal(output.code, 0, output.stderr);
    assert.equal(output.stdout, expected(url));
  };

/** A failure: exit 1, stderr starting with the code, no stack trace. */
const failsWith =
  (code: string) =>
  (output: ProcessResult): void => {
    assert.equal(output.code, 1, output.stderr);
    assert.match(output.stderr, new RegExp(`^${code}\\b`));
    assert.doesNotMatch(output.stderr, /^\s+at /m);
  };

/** An assertion for the emulator at `url`, for the demo user or `username`, minted by this process. */
const assertionFor = (url: string, username = demo.username): string =>
  createAssertion({
    clientId: demo.consumerKey,
    username,
    audience: resolveEndpoints({ instanceUrl: url }).audience,
    now: Date.now,
    key: loadPrivateKey(demo.privateKeyPem).keyObject,
  }).assertion;

const TOKEN_CLIENT_FAILURES: readonly [string, Record<string, string | undefined>, Record<string, string>, string][] = [
  ['a rejected grant', {}, { SALESFORCE_USERNAME: 'nobody@example.com' }, 'ERR_TOKEN_GRANT_REJECTED'],
  ['a certificate as the key (KeyError)', { 'server.key': demo.certificatePem }, {}, 'ERR_KEY_IS_CERTIFICATE'],
  ['an unreachable org (TransportError)', {}, { SALESFORCE_INSTANCE_URL: 'http://127.0.0.1:1' }, 'ERR_NETWORK'],
  ['an http instance URL (UrlError)', {}, { SALESFORCE_INSTANCE_URL: 'http://acme.example' }, 'ERR_URL_NOT_HTTPS'],
  ['no consumer key (ClaimError)', {}, { SALESFORCE_CLIENT_ID: '' }, 'ERR_CLAIM_CLIENT_ID'],
  ['no key file', { 'server.key': undefined }, {}, 'ENOENT: no such file or directory'],
];

describeReadmeExamples({
  readme: readmePath,
  copied: { '@sfjwt/jwt-core': packageDir },
  linked: {},
  typeScript: {
    tsconfigReadme: readmePath,
    nodeTypesAdvice: 'npm install --save-dev @types/node',
    missingNodeTypesError: "error TS2688: Cannot find type definition file for 'node'.",
  },
  examples: [
    {
      name: 'mint an assertion',
      marker: 'createAssertion({',
      role: {
        cases: [
          emulatorCase('the demo app', {
            check: (output) => {
              assert.equal(output.code, 0, output.stderr);
              const [exp = '', warnings, length = ''] = output.stdout.trim().split(' ');
              assert.ok(Number(exp) > Date.now() / 1000 && Number(exp) <= Date.now() / 1000 + 180, exp);
              assert.equal(warnings, '0');
              assert.ok(Number(length) > 300, length);
            },
          }),
        ],
      },
    },
    {
      name: 'exchange it',
      marker: 'exchangeAssertion({',
      role: {
        cases: [
          emulatorCase('an assertion of the demo user', {
            env: (url) => ({ SFJWT_ASSERTION: assertionFor(url) }),
            check: printsExactly((url) => `${url} ${demo.orgId} ${demo.userId}\n`),
          }),
          emulatorCase('an assertion of an unknown user', {
            env: (url) => ({ SFJWT_ASSERTION: assertionFor(url, 'nobody@example.com') }),
            check: failsWith('ERR_TOKEN_GRANT_REJECTED invalid_grant'),
          }),
        ],
      },
    },
    {
      name: 'the token client',
      marker: "'Salesforce answered'",
      role: {
        cases: [
          emulatorCase('the demo app', {
            check: printsExactly((url) => `token attempt ${url} 200\nSalesforce answered 200\n`),
          }),
          ...TOKEN_CLIENT_FAILURES.map(([name, files, env, code]) =>
            emulatorCase(name, { files, env: () => env, check: failsWith(code) }),
          ),
        ],
      },
    },
    {
      name: 'a cache of your own',
      marker: 'declare const myCache',
      role: { typesOnly: 'it declares the TokenCache interface an app implements: there is nothing to run' },
    },
    {
      name: 'many processes',
      marker: 'createRedisTokenCache({',
      role: { sameAs: join(packageDir, '..', 'token-cache-redis', 'README.md') },
    },
    {
      name: 'validate an assertion',
      marker: 'validateAssertion(',
      role: {
        cases: [
          emulatorCase('an assertion and its certificate', {
            files: { 'server.crt': demo.certificatePem },
            env: (url) => ({ SFJWT_ASSERTION: assertionFor(url) }),
            check: (output) => {
              assert.equal(output.code, 0, output.stderr);
              assert.match(
                output.stdout,
                /^info SIGNATURE_VERIFIED The signature verifies with server\.crt .*\ntrue server\.crt\n$/,
              );
            },
          }),
          emulatorCase('another certificate', {
            files: { 'server.crt': createDemoConfig({ appType: 'connected-app' }).certificatePem },
            env: (url) => ({ SFJWT_ASSERTION: assertionFor(url) }),
            check: (output) => {
              assert.equal(output.code, 1, output.stderr);
              assert.match(output.stdout, /^error \w+ /m);
            },
          }),
        ],
      },
    },
    {
      name: 'errors and their codes',
      marker: 'pemFromSecretStore',
      role: {
        cases: [
          emulatorCase('a key', {
            env: () => ({ SFJWT_KEY: demo.privateKeyPem }),
            check: printsExactly(() => 'the key loads\n'),
          }),
          emulatorCase('a certificate', {
            env: () => ({ SFJWT_KEY: demo.certificatePem }),
            check: failsWith('ERR_KEY_IS_CERTIFICATE'),
          }),
        ],
      },
    },
  ],
});

describe('README.md content', () => {
  const readme = readFileSync(readmePath, 'utf8');

  it('has examples for the main tasks', () => {
    const code = fencedBlocks(readme)
      .filter((block) => block.lang === 'ts')
      .map((block) => block.code)
      .join('\n');
    for (const api of [
      'createAssertion',
      'exchangeAssertion',
      'createTokenClient',
      'validateAssertion',
      'JwtCoreError',
    ])
      assert.match(code, new RegExp(`\\b${api}\\(|instanceof ${api}\\b`), api);
  });

  it('lists every error code of src/errors.ts under its class', () => {
    const source = readFileSync(join(packageDir, 'src', 'errors.ts'), 'utf8');
    // Each `XErrorCode` union belongs to class X; the README's table row for X must name all of its codes.
    for (const union of source.matchAll(/export type (\w+)ErrorCode =([\s\S]*?);\n/g)) {
      const [, family = '', body = ''] = union;
      const codes = [...body.matchAll(/'(ERR_\w+)'/g)].map((m) => m[1]);
      if (codes.length === 0) continue;
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${family}Error\` |`));
      assert.ok(row, `README.md has no table row for ${family}Error`);
      for (const code of codes) assert.ok(row.includes(`\`${code}\``), `README.md's ${family}Error row lacks ${code}`);
    }
  });
});
