// Start-up of the offline commands (issues 10 §3, 19 and 23): each of keygen, inspect, keystore, assert, validate and
// preapprove as a whole process, the way users get the plugin: the release tarball installed with `sf plugins install`
// into a fresh, isolated sf HOME (its own node_modules under sf's data directory, apart from the CLI's). Standalone is
// that installed copy's `bin/run.js jwt …`. A second column links a release-shaped staged copy whose node_modules is
// the workspace's (it shares the CLI's modules: a path no user has), named as such. Next to `node -e 0`,
// `sf --version` and `sf alias list` (an sf core command that loads @salesforce/core) in the same run. Targets:
// inside sf ≤ `sf --version` + 200 ms and ≤ 0.5× `sf alias list`; standalone ≤ 0.6× `sf --version`; peak RSS inside
// sf ≤ 130 MiB. Every run visits all variants in a rotated order, so machine noise (2 shared cores) hits them alike;
// medians. Peak RSS is the process's maxRSS as GNU time (`/usr/bin/time -f %M`) reports it.
// BENCH_STARTUP_RUNS sets the number of runs (default 7).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installPluginTarball, sfBin as sf, sfEnv, stagePlugin } from '@sfjwt/test-support';
import { median } from '../support/measure.mjs';

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 7);
const STANDALONE_VERSION_RATIO = 0.6;
const IN_SF_MARGIN_MS = 200;
const IN_SF_ALIAS_LIST_RATIO = 0.5;
const IN_SF_RSS_MIB = 130;
const GNU_TIME = '/usr/bin/time';
const CLIENT_ID = '3MVG9benchmarkConsumerKeyForStartupTimes0123456789';
const USERNAME = 'bench@sfjwt-demo.example';
// The keystore password comes from the environment (both names: the SF_JWT_* → SFJWT_* rename may not have landed).
const PASSWORD = 'bench-keystore-password';

let rssFile;

/**
 * Runs a process to completion; returns its wall time in ms, its stdout and its peak RSS in MiB (NaN without GNU
 * time). Throws with its stderr if it fails.
 */
function timed(cmd, args, options) {
  const viaTime = rssFile !== undefined && existsSync(GNU_TIME);
  const [file, argv] = viaTime ? [GNU_TIME, ['-f', '%M', '-o', rssFile, cmd, ...args]] : [cmd, args];
  const start = process.hrtime.bigint();
  const r = spawnSync(file, argv, { ...options, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${[cmd, ...args].join(' ')} failed (${r.status}): ${r.stderr}`);
  const rssMiB = viaTime ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) / 1024 : NaN;
  return { ms, stdout: String(r.stdout), rssMiB };
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-startup-'));
  const secrets = { SFJWT_KEYSTORE_PASSWORD: PASSWORD, SF_JWT_KEYSTORE_PASSWORD: PASSWORD };
  rssFile = join(dir, 'rss.txt');
  try {
    process.stderr.write('  installing the release tarball with sf plugins install…\n');
    const installed = installPluginTarball(dir, secrets);
    // As users run sf: its log file on (the test sandbox turns it off). With it, @salesforce/core starts pino's
    // worker thread for the file; bin/run.js turns the file off unless asked (see there), sf does not.
    // BENCH_SF_LOG_FILE=off keeps the sandbox's setting, to compare.
    const { SF_DISABLE_LOG_FILE: sandboxLogSetting, ...userEnv } = installed.env;
    const env =
      process.env.BENCH_SF_LOG_FILE === 'off' ? { ...userEnv, SF_DISABLE_LOG_FILE: sandboxLogSetting } : userEnv;
    const runJs = join(installed.root, 'bin', 'run.js');
    const linkedHome = join(dir, 'linked-home');
    mkdirSync(linkedHome);
    const linkedEnv = sfEnv(linkedHome, secrets);
    const keys = join(dir, 'keys');
    timed(process.execPath, [runJs, 'jwt', 'keygen', '--output-dir', keys, '--common-name', 'bench'], {
      env,
      cwd: dir,
    });
    const keyFile = join(keys, 'server.key');
    const certFile = join(keys, 'server.crt');
    const assertFlags = ['--client-id', CLIENT_ID, '--username', USERNAME, '--jwt-key-file', keyFile];
    // Valid for the whole run (a few minutes): validate then reports a warning, not an expired assertion.
    const longLived = [...assertFlags, '--expires-in', '3600', '--json'];
    const assertion = JSON.parse(
      timed(process.execPath, [runJs, 'jwt', 'assert', ...longLived], { env, cwd: dir }).stdout,
    ).result.token;
    timed(sf, ['plugins', 'link', stagePlugin(dir), '--no-install'], { env: linkedEnv, cwd: dir });

    // Each command's arguments; outputs go to fresh paths (or --force) so every run does the whole work.
    const commands = {
      keygen: (n) => ['keygen', '--output-dir', join(dir, `keygen-${n}`), '--common-name', 'bench'],
      inspect: () => ['inspect', '--jwt-key-file', keyFile, '--cert-file', certFile],
      keystore: (n) => [
        'keystore',
        '--jwt-key-file',
        keyFile,
        '--cert-file',
        certFile,
        '--output-file',
        join(dir, `store-${n}.jks`),
      ],
      assert: () => ['assert', ...assertFlags],
      validate: () => ['validate', '--assertion', assertion, '--cert-file', certFile, '--client-id', CLIENT_ID],
      preapprove: () => ['preapprove', '--client-id', CLIENT_ID, '--username', USERNAME],
    };
    const variants = [
      { id: 'node', run: () => timed(process.execPath, ['-e', '0'], { env, cwd: dir }) },
      { id: 'sf --version', run: () => timed(sf, ['--version'], { env, cwd: dir }) },
      { id: 'sf alias list', run: () => timed(sf, ['alias', 'list'], { env, cwd: dir }) },
      ...Object.entries(commands).flatMap(([name, args]) => [
        {
          id: `standalone ${name}`,
          run: (n) => timed(process.execPath, [runJs, 'jwt', ...args(`s${n}`)], { env, cwd: dir }),
        },
        { id: `sf ${name}`, run: (n) => timed(sf, ['jwt', ...args(`f${n}`)], { env, cwd: dir }) },
        { id: `linked ${name}`, run: (n) => timed(sf, ['jwt', ...args(`l${n}`)], { env: linkedEnv, cwd: dir }) },
      ]),
    ];

    const times = Object.fromEntries(variants.map((v) => [v.id, []]));
    const rss = Object.fromEntries(variants.map((v) => [v.id, []]));
    for (const v of variants) v.run('warmup'); // first runs fill the page cache and sf's caches
    for (let i = 0; i < RUNS; i++) {
      const shift = i % variants.length;
      for (const v of [...variants.slice(shift), ...variants.slice(0, shift)]) {
        const r = v.run(i);
        times[v.id].push(r.ms);
        rss[v.id].push(r.rssMiB);
      }
    }
    const m = Object.fromEntries(Object.entries(times).map(([id, list]) => [id, median(list)]));
    const mRss = Object.fromEntries(Object.entries(rss).map(([id, list]) => [id, median(list)]));

    const rows = [
      {
        name: '`sf --version` (baseline for the commands inside sf)',
        value: m['sf --version'],
        unit: 'ms',
        baseline: m.node,
        baselineName: 'node -e 0',
      },
      {
        name: '`sf alias list` (an sf core command that loads @salesforce/core)',
        value: m['sf alias list'],
        unit: 'ms',
        baseline: m['sf --version'],
        baselineName: 'sf --version',
        ratio: m['sf alias list'] / m['sf --version'],
      },
      ...['node', 'sf --version', 'sf alias list'].map((id) => ({
        name: `  peak RSS of ${id === 'node' ? 'node -e 0' : id}`,
        value: mRss[id],
        unit: 'MiB',
      })),
    ];
    for (const name of Object.keys(commands)) {
      const standalone = m[`standalone ${name}`];
      rows.push({
        name: `${name}: standalone, installed bin/run.js jwt ${name}`,
        value: standalone,
        unit: 'ms',
        baseline: m['sf --version'],
        baselineName: 'sf --version',
        ratio: standalone / m['sf --version'],
        target: `≤ ${STANDALONE_VERSION_RATIO}×`,
        ok: standalone / m['sf --version'] <= STANDALONE_VERSION_RATIO,
      });
      const inSf = m[`sf ${name}`];
      rows.push({
        name: `${name}: inside sf, installed tarball, sf jwt ${name}`,
        value: inSf,
        unit: 'ms',
        baseline: m['sf --version'],
        baselineName: 'sf --version',
        ratio: inSf / m['sf --version'],
        target: `≤ baseline + ${IN_SF_MARGIN_MS} ms`,
        ok: inSf <= m['sf --version'] + IN_SF_MARGIN_MS,
      });
      rows.push({
        name: `${name}: inside sf, installed tarball, against sf alias list`,
        value: inSf,
        unit: 'ms',
        baseline: m['sf alias list'],
        baselineName: 'sf alias list',
        ratio: inSf / m['sf alias list'],
        target: `≤ ${IN_SF_ALIAS_LIST_RATIO}×`,
        ok: inSf / m['sf alias list'] <= IN_SF_ALIAS_LIST_RATIO,
      });
      rows.push({
        name: `  ${name}: inside sf, staged link (workspace node_modules, not a user's path)`,
        value: m[`linked ${name}`],
        unit: 'ms',
        baseline: m['sf --version'],
        baselineName: 'sf --version',
        ratio: m[`linked ${name}`] / m['sf --version'],
      });
      rows.push({
        name: `  ${name}: peak RSS standalone / inside sf (installed)`,
        value: mRss[`sf ${name}`],
        unit: 'MiB',
        baseline: mRss[`standalone ${name}`],
        baselineName: 'standalone',
        target: `inside sf ≤ ${IN_SF_RSS_MIB} MiB`,
        ok: Number.isNaN(mRss[`sf ${name}`]) ? undefined : mRss[`sf ${name}`] <= IN_SF_RSS_MIB,
      });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
