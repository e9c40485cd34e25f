#!/usr/bin/env node
// `npm run demo`: the whole JWT workflow, end to end, in a temp directory, offline.
// The Salesforce login server is the project's emulator on loopback; the `sf` commands run inside the real sf CLI
// (the @salesforce/cli devDependency) with the plugin linked, in an isolated HOME. Nothing touches your ~/.sf.
// First: on a too-old Node, stop with the reason before anything fails obscurely.
import '@sfjwt/test-support/check-node';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sfBin, sfEnv, stagePlugin } from '@sfjwt/test-support';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const emulatorEntry = join(root, 'packages', 'salesforce-emulator', 'dist', 'index.js');
const keep = process.argv.includes('--keep');

const work = mkdtempSync(join(tmpdir(), 'sfjwt-demo-'));
const home = join(work, 'home');
const env = sfEnv(home);
const tty = process.stdout.isTTY;
const bold = (s) => (tty ? `\u001b[1m${s}\u001b[22m` : s);
const dim = (s) => (tty ? `\u001b[2m${s}\u001b[22m` : s);

/**
 * Runs `sf …` in the sandbox HOME, echoing the command line and its output; returns { code, stdout }.
 * Shown runs share one pipe for stdout and stderr (`2>&1`), so progress (stderr) and results (stdout) appear in the
 * order sf wrote them, as in a terminal, line by line as they come. A quiet run shows only stderr and keeps stdout
 * apart for the caller.
 */
function sf(args, { input, expectFailure = false, quiet = false, extraEnv = {} } = {}) {
  const shown = args.map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' ');
  console.log(`\n${bold(`$ sf ${shown.replaceAll(work, '$DEMO')}`)}`);
  const options = { cwd: work, env: { ...env, ...extraEnv } };
  return new Promise((resolvePromise, reject) => {
    const settle = (code, stdout) => {
      if (code !== 0 && !expectFailure) reject(new Error(`demo step failed: sf ${shown} (exit ${code})`));
      else if (code === 0 && expectFailure) reject(new Error(`demo step should have failed: sf ${shown}`));
      else {
        if (expectFailure) console.log(dim(`(exit ${code}, as expected)`));
        resolvePromise({ code, stdout });
      }
    };
    let child;
    if (quiet) {
      child = execFile(sfBin, args, { ...options, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
        if (stderr.trim()) process.stdout.write(dim(stderr.replaceAll(work, '$DEMO')));
        settle(error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout);
      });
    } else {
      child = spawn('/bin/sh', ['-c', 'exec "$0" "$@" 2>&1', sfBin, ...args], { ...options, stdio: 'pipe' });
      let pending = '';
      const show = (text) => process.stdout.write(text.replaceAll(work, '$DEMO'));
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk) => {
        const lines = (pending + chunk).split('\n');
        pending = lines.pop();
        if (lines.length > 0) show(`${lines.join('\n')}\n`);
      });
      child.stderr.pipe(process.stderr);
      child.on('close', (code, signal) => {
        if (pending !== '') show(`${pending}\n`);
        settle(code === null ? `signal ${signal}` : code, '');
      });
    }
    child.stdin.end(input ?? '');
  });
}

function step(title, text) {
  console.log(`\n${bold(`== ${title}`)}`);
  if (text) console.log(text);
}

let emulator;
try {
  console.log(`Working in ${work} (shown as $DEMO); sf runs with HOME=$DEMO/home.`);
  // The plugin as users install it (compiled, with its manifest), linked into the sandboxed sf.
  await sf(['plugins', 'link', stagePlugin(work), '--no-install'], { quiet: true });

  step('1. A private key (0600) and a self-signed certificate, without openssl');
  await sf(['jwt', 'keygen', '--output-dir', work, '--common-name', 'sfjwt-demo', '--organization', 'Demo Inc']);
  const keyFile = join(work, 'server.key');
  const certFile = join(work, 'server.crt');

  step('2. Inspect them: fingerprints, expiry, and whether the key matches the certificate');
  await sf(['jwt', 'inspect', '--jwt-key-file', keyFile, '--cert-file', certFile]);

  step(
    '3. "Upload" server.crt to a Connected App: here, a local Salesforce emulator',
    'The app lets users self-authorize, so the user must approve it once before the JWT flow works.',
  );
  const { createDemoConfig, randomId, startEmulator } = await import(pathToFileURL(emulatorEntry).href);
  const demo = createDemoConfig({ appType: 'connected-app', policy: { type: 'self-authorize' } });
  demo.config.apps[0].certificate = readFileSync(certFile, 'utf8');
  // The integration user of the zero-click part (steps 11-15): it exists and is active, nothing else is set up for it.
  const integrationUser = 'integration@sfjwt-demo.example';
  demo.config.users.push({
    username: integrationUser,
    userId: randomId('005'),
    org: demo.orgId,
    profile: 'Minimum Access - API Only Integrations',
  });
  emulator = await startEmulator(demo.config);
  const { consumerKey: clientId, username } = demo;
  const url = emulator.url;
  console.log(`Login server: ${url}\nConsumer key: ${clientId.slice(0, 12)}…\nUsername: ${username}`);
  // The org, the user and the key: the same four flags for every command that signs.
  const orgArgs = ['--client-id', clientId, '--username', username, '--jwt-key-file', keyFile, '--instance-url', url];

  step('4. Sign an assertion offline (no jwt.io, the key never leaves the machine) and validate it');
  const assertion = (await sf(['jwt', 'assert', ...orgArgs], { quiet: true })).stdout.trim();
  console.log(`${assertion.slice(0, 40)}… (${assertion.length} characters)`);
  await sf(
    [
      'jwt',
      'validate',
      '--assertion',
      '-',
      '--cert-file',
      certFile,
      '--client-id',
      clientId,
      '--username',
      username,
      '--instance-url',
      url,
    ],
    { input: assertion },
  );

  step('5. Exchange it before the user approved the app: the failure explains itself');
  await sf(['jwt', 'token', ...orgArgs, '--cert-file', certFile], { expectFailure: true });

  step('6. Pre-approval: the URL to open once, and the admin alternative');
  const preapprove = await sf(
    ['jwt', 'preapprove', '--client-id', clientId, '--instance-url', url, '--username', username, '--json'],
    { quiet: true },
  );
  const authorizeUrl = JSON.parse(preapprove.stdout).result.selfApproval.url;
  console.log(authorizeUrl);
  const approval = await fetch(authorizeUrl, { redirect: 'manual' });
  console.log(
    dim(
      `(the user opens it and clicks Allow; the emulator answers ${approval.status} → ${approval.headers.get('location')?.split('#')[0]}#…)`,
    ),
  );

  step('7. Now the exchange works: an access token for scripts');
  const accessToken = (await sf(['jwt', 'token', ...orgArgs], { quiet: true })).stdout.trim();
  console.log(`${accessToken.slice(0, 18)}… (printed in full on stdout, for scripts)`);

  step('8. Log the org in for every sf command, with an alias');
  await sf(['jwt', 'login', ...orgArgs, '--alias', 'demo', '--set-default']);
  await sf(['org', 'display', '--target-org', 'demo']);
  await sf(['data', 'query', '--query', 'SELECT Id, Name FROM Account', '--target-org', 'demo']);

  step('9. The doctor runs every check at once (useful in CI)');
  await sf(['jwt', 'doctor', ...orgArgs, '--cert-file', certFile]);

  step('10. A Java keystore for Certificate and Key Management (no openssl pkcs12, no keytool)');
  console.log(dim('(the keystore password comes from SFJWT_KEYSTORE_PASSWORD or a hidden prompt, never a flag)'));
  await sf(
    ['jwt', 'keystore', '--jwt-key-file', keyFile, '--cert-file', certFile, '--output-file', join(work, 'server.jks')],
    {
      extraEnv: { SFJWT_KEYSTORE_PASSWORD: 'demo-keystore-password' },
    },
  );

  step(
    '11. Zero clicks from key to login: a new integration needs only an admin login and a username',
    'sf jwt keygen → sf jwt app create → sf jwt login. The emulator takes 4 s to apply app changes, as Salesforce takes minutes.',
  );
  emulator.setPropagationDelay(4);
  const integrationDir = join(work, 'integration');
  await sf(['jwt', 'keygen', '--output-dir', integrationDir, '--name', 'integration'], { quiet: true });
  const appArgs = (name) => [
    'jwt',
    'app',
    'create',
    '--target-org',
    'demo',
    '--name',
    'Demo_Integration',
    '--username',
    integrationUser,
    '--cert-file',
    join(integrationDir, `${name}.crt`),
    '--jwt-key-file',
    join(integrationDir, `${name}.key`),
    '--create-permission-set',
    '--wait',
    '1',
  ];
  await sf(appArgs('integration'));
  const integrationKey = emulator.model.apps.find((a) => a.name === 'Demo_Integration').consumerKey;
  const loginArgs = (name) => [
    'jwt',
    'login',
    '--client-id',
    integrationKey,
    '--username',
    integrationUser,
    '--jwt-key-file',
    join(integrationDir, `${name}.key`),
    '--instance-url',
    url,
    '--alias',
    'integration',
  ];
  await sf(loginArgs('integration'));
  await sf(['org', 'display', '--target-org', 'integration']);

  step(
    '12. Certificate rotation: the same command with a new key pair keeps the consumer key',
    'The old key keeps working until Salesforce applies the change; app create waits for the new one.',
  );
  await sf(['jwt', 'keygen', '--output-dir', integrationDir, '--name', 'rotated'], { quiet: true });
  await sf(appArgs('rotated'));
  await sf(loginArgs('rotated'));

  console.log(`\n${bold('Demo finished.')}${keep ? ` Files kept in ${work}` : ''}`);
} catch (err) {
  console.error(`\n${err.message}`);
  process.exitCode = 1;
} finally {
  await emulator?.stop();
  if (!keep) rmSync(work, { recursive: true, force: true });
}
