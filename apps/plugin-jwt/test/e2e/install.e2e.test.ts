/**
 * The release tarball as a user installs it: `sf plugins install file:<tgz>` into the real sf CLI (the
 * `@salesforce/cli` devDependency) in a fresh HOME, then every command, then `sf plugins uninstall`.
 *
 * sf's npm fetches the plugin's public dependencies from the registry (reachable from CI). The `@sfjwt` scope is
 * pointed at a closed port in the sandbox's .npmrc, so the install fails if anything asks a registry for
 * @sfjwt/jwt-core instead of using the copy bundled in the tarball. The unsigned-plugin question is answered by sf's
 * documented allow list (~/.config/sf/unsignedPluginAllowList.json), which sf matches against the exact `file:` URL.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packPluginTarball, prepareInstallHome, registryEnv } from '@sfjwt/test-support';
import { ensureBuilt } from '../support/build.js';
import { assertRegistryReachable } from '../support/registry.js';
import { pluginDir, run, sfBin, sfEnv, type RunResult } from '../support/sf-cli.js';

const PLUGIN = '@sfjwt/plugin-jwt';
const { version } = JSON.parse(readFileSync(join(pluginDir, 'package.json'), 'utf8')) as { version: string };

/** Lines that warn: sf's `›   Warning:`, npm's `npm warn`/`WARN`. */
const warnings = (text: string): string[] => text.split('\n').filter((line) => /warn/i.test(line));

/** `sf plugins --json` prints a bare array of plugins (no envelope), core plugins included. */
function listedPlugins(stdout: string): Array<{ name: string; version: string; type: string }> {
  return JSON.parse(stdout) as Array<{ name: string; version: string; type: string }>;
}

function base64urlJson(part: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('the release tarball installs into a fresh sf CLI', function () {
  this.timeout(600_000);
  const work = mkdtempSync(join(tmpdir(), 'sfjwt-install-'));
  const home = join(work, 'home');
  const env = sfEnv(home, registryEnv());
  const sf = (args: readonly string[], input?: string): Promise<RunResult> =>
    run(sfBin, args, { env, cwd: work, timeoutMs: 300_000, ...(input === undefined ? {} : { input }) });
  let tarball = '';
  let install: RunResult;

  before(async function () {
    await assertRegistryReachable();
    ensureBuilt();
    // The current build, as is: a clean rebuild here would pull dist/ from under other packages' tests.
    tarball = packPluginTarball(join(work, 'release'));
    prepareInstallHome(home, tarball);
    // sf's npm downloads the plugin's dependency tree: minutes on a loaded machine, so a generous deadline.
    const started = Date.now();
    install = await run(sfBin, ['plugins', 'install', `file:${tarball}`], { env, cwd: work, timeoutMs: 540_000 });
    if (install.code !== 0)
      install = {
        ...install,
        stderr: `${install.stderr}\n(after ${Math.round((Date.now() - started) / 1000)} s; a kill at the 540 s deadline also shows as exit 1)`,
      };
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('installs with no warning, jwt-core bundled and nothing fetched by name', () => {
    assert.equal(install.code, 0, `${install.stdout}\n${install.stderr}`);
    assert.match(
      install.stdout + install.stderr,
      new RegExp(
        `Skipping digital signature verification because \\[file:${tarball.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\] is allow-listed`,
      ),
    );
    assert.match(
      install.stderr,
      new RegExp(`Installing plugin file:.*\\.\\.\\. installed v${version.replaceAll('.', '\\.')}`),
    );
    assert.deepEqual([...warnings(install.stdout), ...warnings(install.stderr)], []);
    const installed = join(home, '.local', 'share', 'sf', 'node_modules');
    const bundled = JSON.parse(
      readFileSync(
        join(installed, '@sfjwt', 'plugin-jwt', 'node_modules', '@sfjwt', 'jwt-core', 'package.json'),
        'utf8',
      ),
    ) as { version: string };
    assert.equal(bundled.version, version);
    assert.equal(existsSync(join(installed, '@sfjwt', 'jwt-core')), false, 'jwt-core stays inside the plugin');
  });

  it('is listed by sf plugins with its version', async () => {
    const text = await sf(['plugins']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`^${PLUGIN} ${version.replaceAll('.', '\\.')}\\b`, 'm'));
    const json = await sf(['plugins', '--json']);
    const listed = listedPlugins(json.stdout).find((p) => p.name === PLUGIN);
    assert.deepEqual(listed && { version: listed.version, type: listed.type }, { version, type: 'user' });
  });

  it('shows --help for every command of the installed manifest', async () => {
    const manifestFile = join(
      home,
      '.local',
      'share',
      'sf',
      'node_modules',
      '@sfjwt',
      'plugin-jwt',
      'oclif.manifest.json',
    );
    const ids = Object.keys(
      (JSON.parse(readFileSync(manifestFile, 'utf8')) as { commands: Record<string, unknown> }).commands,
    ).sort();
    assert.ok(ids.length >= 9, `only ${ids.join(', ')}`);
    // Three sf processes at a time: each loads the whole CLI (~130 MB).
    const failures: string[] = [];
    for (let i = 0; i < ids.length; i += 3) {
      await Promise.all(
        ids.slice(i, i + 3).map(async (id) => {
          const words = id.split(':');
          const help = await sf([...words, '--help']);
          if (
            help.code !== 0 ||
            !help.stdout.includes(`$ sf ${words.join(' ')}`) ||
            !/^EXAMPLES$/m.test(help.stdout) ||
            help.stderr.trim() !== ''
          ) {
            failures.push(
              `sf ${words.join(' ')} --help: exit ${help.code}\n${help.stdout.slice(0, 300)}\n${help.stderr}`,
            );
          }
        }),
      );
    }
    assert.deepEqual(failures, []);
  });

  it('runs sf jwt keygen and sf jwt assert; the assertion verifies with the certificate', async () => {
    const keygen = await sf([
      'jwt',
      'keygen',
      '--output-dir',
      join(work, 'keys'),
      '--common-name',
      'install-e2e',
      '--json',
    ]);
    assert.equal(keygen.code, 0, keygen.stdout + keygen.stderr);
    const keyFile = join(work, 'keys', 'server.key');
    const certFile = join(work, 'keys', 'server.crt');
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    execFileSync('openssl', ['verify', '-CAfile', certFile, certFile], { stdio: 'pipe' });

    const assertion = await sf([
      'jwt',
      'assert',
      '--client-id',
      '3MVG9installE2e',
      '--username',
      'e2e@example.com',
      '--jwt-key-file',
      keyFile,
    ]);
    assert.equal(assertion.code, 0, assertion.stderr);
    const [header, payload, signature] = assertion.stdout.trim().split('.');
    assert.deepEqual(base64urlJson(header), { alg: 'RS256', typ: 'JWT' });
    const claims = base64urlJson(payload);
    assert.deepEqual(
      [claims.iss, claims.sub, claims.aud],
      ['3MVG9installE2e', 'e2e@example.com', 'https://login.salesforce.com'],
    );
    assert.equal((claims.exp as number) - (claims.iat as number), 180);
    // openssl checks the RS256 signature (PKCS#1 v1.5, SHA-256) with the certificate's public key.
    writeFileSync(join(work, 'public.pem'), execFileSync('openssl', ['x509', '-pubkey', '-noout', '-in', certFile]));
    writeFileSync(join(work, 'signing-input'), `${header}.${payload}`);
    writeFileSync(join(work, 'signature'), Buffer.from(signature ?? '', 'base64url'));
    const verified = execFileSync(
      'openssl',
      [
        'dgst',
        '-sha256',
        '-verify',
        join(work, 'public.pem'),
        '-signature',
        join(work, 'signature'),
        join(work, 'signing-input'),
      ],
      { encoding: 'utf8' },
    );
    assert.equal(verified.trim(), 'Verified OK');
  });

  it('uninstalls cleanly', async () => {
    const uninstall = await sf(['plugins', 'uninstall', PLUGIN]);
    assert.equal(uninstall.code, 0, uninstall.stderr);
    assert.deepEqual(warnings(uninstall.stderr), []);
    const json = await sf(['plugins', '--json']);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(
      listedPlugins(json.stdout).some((p) => p.name === PLUGIN),
      false,
    );
    const dataDir = join(home, '.local', 'share', 'sf');
    assert.equal(existsSync(join(dataDir, 'node_modules', '@sfjwt', 'plugin-jwt')), false, 'the plugin is removed');
    const scope = join(dataDir, 'node_modules', '@sfjwt');
    assert.deepEqual(existsSync(scope) ? readdirSync(scope) : [], [], 'nothing of the @sfjwt scope stays');
    const userPlugins = JSON.parse(readFileSync(join(dataDir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    assert.equal(userPlugins.dependencies?.[PLUGIN], undefined);
    const gone = await sf(['jwt', 'keygen', '--help']);
    assert.notEqual(gone.code, 0);
  });
});
