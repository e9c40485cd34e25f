// End-to-end login (issue 5 §5, issue 10 §3): `sf jwt login` and `sf jwt token` against `sf org login jwt`, all run by
// the real sf CLI against the emulator in the same run, at 0 ms and 150 ms of latency per request (targets: no slower
// at 0 ms, ≤ 0.5× at 150 ms).
//
// The plugin is the release tarball installed with `sf plugins install` into a fresh, isolated HOME (issue 23): the
// path users have, with the plugin's own node_modules under sf's data directory. (An earlier version linked a staged
// copy whose node_modules was the workspace's, sharing the CLI's modules: faster than any user's install.)
// Runs alternate between the two commands so machine noise hits both alike; each login starts without an auth file.
// Each latency runs twice: with sf's log file on, as users have it, and off, as the test sandbox has it. With it on,
// @salesforce/core's log worker (pino's thread-stream) is waited for at exit, and that worker polls for the end with a
// backoff that doubles up to 1 s since it last wrote: every sf command's end is rounded up to the worker's next poll,
// the same for both commands, so the ratio moves in steps with the machine's speed.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installPluginTarball, sfBin as sf } from '@sfjwt/test-support';
import { median } from '../support/measure.mjs';

const RUNS = Number(process.env.BENCH_LOGIN_RUNS ?? 9);
const LATENCIES = [0, 150];

/** Runs sf asynchronously (the emulator lives in this process) and returns its wall time. */
function timeSf(args, env, cwd) {
  return new Promise((resolvePromise, reject) => {
    const start = process.hrtime.bigint();
    execFile(sf, args, { env, cwd, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`sf ${args.slice(0, 3).join(' ')} failed (${error.code}): ${stderr}`));
      else resolvePromise(Number(process.hrtime.bigint() - start) / 1e6);
    });
  });
}

export async function run() {
  const { createDemoConfig, startEmulator } = await import('@sfjwt/salesforce-emulator');
  const dir = mkdtempSync(join(tmpdir(), 'bench-login-'));
  const demo = createDemoConfig({ appType: 'connected-app', username: 'bench@sfjwt-demo.example' });
  const emulator = await startEmulator(demo.config);
  try {
    const keyFile = join(dir, 'server.key');
    writeFileSync(keyFile, demo.privateKeyPem, { mode: 0o600 });
    process.stderr.write('  installing the release tarball with sf plugins install…\n');
    const { env: sandboxEnv, home } = installPluginTarball(dir);
    const { SF_DISABLE_LOG_FILE: _sandboxLogSetting, ...userEnv } = sandboxEnv;
    const logFiles = [
      { name: "sf's log file on", env: userEnv },
      { name: "sf's log file off", env: { ...userEnv, SF_DISABLE_LOG_FILE: 'true' } },
    ];
    const flags = [
      '--client-id',
      demo.consumerKey,
      '--username',
      demo.username,
      '--jwt-key-file',
      keyFile,
      '--instance-url',
      emulator.url,
    ];
    const commands = {
      ours: ['jwt', 'login', ...flags],
      token: ['jwt', 'token', ...flags],
      sf: ['org', 'login', 'jwt', ...flags],
    };
    const authFile = join(home, '.sfdx', `${demo.username}.json`);
    const login = async (which, env) => {
      rmSync(authFile, { force: true });
      emulator.resetStats();
      const ms = await timeSf(commands[which], env, dir);
      const { requests } = emulator.stats();
      const first = requests[0];
      const last = requests.at(-1);
      // Time on the network: first request in to last answer out, as the emulator saw it.
      const network = first === undefined || last === undefined ? 0 : last.at + (last.durationMs ?? 0) - first.at;
      return { ms, requests: requests.length, network };
    };

    const rows = [];
    for (const [latencyMs, logFile] of LATENCIES.flatMap((l) => logFiles.map((f) => [l, f]))) {
      const { env } = logFile;
      emulator.setFaults(latencyMs === 0 ? [] : { route: '*', latencyMs });
      const order = ['sf', 'ours', 'token'];
      for (const which of order) await login(which, env);
      const times = { ours: [], token: [], sf: [] };
      const network = { ours: [], token: [], sf: [] };
      const requests = { ours: 0, token: 0, sf: 0 };
      for (let i = 0; i < RUNS; i++) {
        const shift = i % order.length;
        for (const which of [...order.slice(shift), ...order.slice(0, shift)]) {
          const r = await login(which, env);
          times[which].push(r.ms);
          network[which].push(r.network);
          requests[which] = r.requests;
        }
      }
      const baseline = median(times.sf);
      for (const [which, what] of [
        ['ours', 'login'],
        ['token', 'token'],
      ]) {
        const ours = median(times[which]);
        const limit = latencyMs === 0 ? 1 : 0.5;
        rows.push({
          name: `${what}, ${latencyMs} ms latency per request, ${logFile.name} (${requests[which]} vs ${requests.sf} requests)`,
          value: ours,
          unit: 'ms',
          baseline,
          baselineName: 'sf org login jwt',
          ratio: ours / baseline,
          target: `≤ ${limit}×`,
          ok: ours / baseline <= limit,
        });
      }
      if (latencyMs > 0) {
        const net = median(network.ours);
        const netBaseline = median(network.sf);
        rows.push({
          name: `  login, of which on the network (first request → last answer), ${latencyMs} ms latency, ${logFile.name}`,
          value: net,
          unit: 'ms',
          baseline: netBaseline,
          baselineName: 'sf org login jwt',
          ratio: net / netBaseline,
        });
      }
    }
    return rows;
  } finally {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
