// The Node app paths from the release tarballs (issue 26): every package of ours installed by `npm install` of the
// tarballs (tooling/scripts/release-pack.mjs, the current build) into a fresh npm project in a temp dir, public
// packages from the registry, nothing from the workspace (checked: each process's imports resolve in the project).
// - a jsforce app (packages/jsforce/test/fixtures/revoked-session-app.mjs): a query, the session revoked through
//   /services/oauth2/revoke, the next query → one new token request, 0 failed queries (baseline: jsforce on a bare
//   access token, as apps wire it by hand); its run time beside the same app on the workspace packages;
// - the same app on the machine's Node 20 with the jsforce the README names for it (baseline: jsforce@3, the latest);
// - 20 processes on a Redis Cluster (3 masters, 3 replicas), the master of the token's slot killed mid-run → 0 failed
//   getToken(), at most 2 token requests (baseline: the same fleet from the tarballs with a cache per process).
// The emulator is the workspace's, in this process: the referee that counts requests. Skips the fleet without redis.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshProject, projectLeaks, redisServerProblem, repoRoot, runInProject } from '@sfjwt/test-support';
import { clusterFailover } from '../support/cluster-failover.mjs';
import { startFleet, summarize } from '../support/fleet.mjs';
import { median } from '../support/measure.mjs';

const PROCESSES = Number(process.env.BENCH_FLEET_PROCESSES ?? 20);
const CONCURRENT = 50;
const APP_RUNS = 5;
const NODE_20 = '/usr/bin/node';
const NODE_20_JSFORCE = 'jsforce@3.10.16';
const jsforceDir = join(repoRoot, 'packages', 'jsforce');
const fixtures = join(jsforceDir, 'test', 'fixtures');
const appFile = join(fixtures, 'revoked-session-app.mjs');
/** The app's files (its Salesforce module and the app) into `project`. */
const writeApp = (project) => {
  project.write('salesforce.mjs', readFileSync(join(fixtures, 'salesforce.mjs'), 'utf8'));
  project.write('app.mjs', readFileSync(appFile, 'utf8'));
};
const bareApp = readFileSync(new URL('../support/jsforce-bare-app.mjs', import.meta.url), 'utf8');
const FROM = 'from the release tarballs (fresh npm project)';

export async function run() {
  const { createDemoConfig, startEmulator } = await import('@sfjwt/salesforce-emulator');
  const demo = createDemoConfig({ appType: 'connected-app', username: 'tarballs@sfjwt-demo.example' });
  const emulator = await startEmulator(demo.config);
  const ours = ['@sfjwt/jwt-core', '@sfjwt/jsforce', '@sfjwt/token-cache-redis'];
  const project = await freshProject({ type: 'module', tarballs: ours, registry: ['jsforce@3', 'redis@^6.4.0'] });
  const leaks = await projectLeaks(project.dir, [...ours, 'jsforce', 'redis']);
  if (leaks.length > 0) throw new Error(`the fresh project resolves outside itself: ${leaks.join('; ')}`);
  const env = {
    SALESFORCE_INSTANCE_URL: emulator.url,
    SALESFORCE_CLIENT_ID: demo.consumerKey,
    SALESFORCE_USERNAME: demo.username,
    SALESFORCE_KEY_FILE: project.write('server.key', demo.privateKeyPem),
  };
  /** Runs `file` of `where`; the app's answer and the emulator's requests, as `route status`. */
  const runApp = async (where, file) => {
    emulator.resetStats();
    const answer = JSON.parse(await runInProject(where, file, env));
    return { answer, requests: emulator.stats().requests.map((r) => `${r.route} ${r.status}`) };
  };
  try {
    const rows = [];
    rows.push(...(await jsforceRows({ project, runApp, username: demo.username })));
    rows.push(...(await node20Rows({ project, runApp, username: demo.username })));
    rows.push(...(await fleetRows({ project, emulator, demo })));
    return rows;
  } finally {
    await emulator.stop();
  }
}

const EXPECTED = ['token 200', 'query 200', 'revoke 200', 'query 401', 'token 200', 'query 200'];
const tokenRequests = (requests) => requests.filter((r) => r.startsWith('token ')).length;
const worked = ({ answer, requests }, username) =>
  JSON.stringify(answer) === JSON.stringify({ before: [username], revoke: 200, after: [username], newSession: true }) &&
  JSON.stringify(requests) === JSON.stringify(EXPECTED);

async function jsforceRows({ project, runApp, username }) {
  writeApp(project);
  project.write('bare-app.mjs', bareApp);
  const app = await runApp(project, 'app.mjs');
  const bare = await runApp(project, 'bare-app.mjs');
  const bareFailed = Array.isArray(bare.answer.after) ? 0 : 1;
  // The same app on the workspace packages: run from packages/jsforce, where @sfjwt/jsforce is itself, jwt-core and
  // jsforce its devDependencies.
  const workspace = { dir: jsforceDir, node: process.execPath, env: project.env };
  const timed = { tarballs: [], workspace: [] };
  const time = async (where, file) => {
    const start = process.hrtime.bigint();
    await runApp(where, file);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  for (let i = 0; i < APP_RUNS; i++) {
    // Alternating, so both see the same load on a shared machine.
    timed.tarballs.push(await time(project, 'app.mjs'));
    timed.workspace.push(await time(workspace, relative(jsforceDir, appFile)));
  }
  return [
    {
      name: `jsforce app ${FROM}: query, session revoked, query: failed queries (token requests: ${tokenRequests(app.requests)}, 1 after the revocation)`,
      value: worked(app, username) ? 0 : 1,
      unit: 'queries',
      baseline: bareFailed,
      baselineName: `jsforce on a bare access token: the 2nd query ${bareFailed ? `fails (${bare.answer.after})` : 'worked'}`,
      target: '= 0, 1 new token request',
      ok: worked(app, username),
    },
    {
      name: `jsforce app ${FROM}: node app.mjs, start to exit (2 logins, 2 queries, 1 refused), median of ${APP_RUNS}`,
      value: median(timed.tarballs),
      unit: 'ms',
      baseline: median(timed.workspace),
      baselineName: 'the same app on the workspace packages',
      ratio: median(timed.tarballs) / median(timed.workspace),
    },
  ];
}

/**
 * The README's Node 20 line: the app on the machine's Node 20 with jsforce 3.10.16, beside the jsforce that npm on
 * Node 22 installs for `jsforce@3` (what a lockfile made there pins). npm on Node 20 picks 3.10.16 by itself.
 */
async function node20Rows({ project, runApp, username }) {
  if (!existsSync(NODE_20)) return [{ name: `skipped Node 20: no ${NODE_20}`, value: undefined, unit: '' }];
  const outcome = async (jsforce) => {
    const project = await freshProject({
      type: 'module',
      tarballs: ['@sfjwt/jwt-core', '@sfjwt/jsforce'],
      registry: [jsforce],
      node: NODE_20,
    });
    writeApp(project);
    return runApp(project, 'app.mjs').then(
      (result) => (worked(result, username) ? 'works' : `wrong: ${JSON.stringify(result)}`),
      (error) => `fails: ${/TypeError: .*|Error: .*/.exec(error.message)?.[0] ?? error.message.split('\n')[0]}`,
    );
  };
  const pinned = await outcome(NODE_20_JSFORCE);
  const node22Jsforce = `jsforce@${JSON.parse(readFileSync(join(project.dir, 'node_modules', 'jsforce', 'package.json'), 'utf8')).version}`;
  const latest = await outcome(node22Jsforce);
  return [
    {
      name: `jsforce app ${FROM} on Node ${nodeVersion(NODE_20)} (${NODE_20}), ${NODE_20_JSFORCE} (the README's Node 20 line): ${pinned}`,
      value: pinned === 'works' ? 0 : 1,
      unit: 'failed runs',
      baseline: latest === 'works' ? 0 : 1,
      baselineName: `${node22Jsforce} (npm on Node 22's jsforce@3) on Node 20: ${latest}`,
      target: '= 0',
      ok: pinned === 'works',
    },
  ];
}

function nodeVersion(node) {
  return execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
}

/** The Redis Cluster failover with the fleet's processes running from the fresh project. */
async function fleetRows({ project, emulator, demo }) {
  const redisProblem = redisServerProblem();
  if (redisProblem !== undefined) return [{ name: `skipped fleet: ${redisProblem}`, value: undefined, unit: '' }];
  const login = {
    clientId: demo.consumerKey,
    username: demo.username,
    privateKeyPems: [demo.privateKeyPem],
    instanceUrl: emulator.url,
  };
  const encryptionKey = randomBytes(32).toString('base64');
  const specifiers = ['@sfjwt/jwt-core', '@sfjwt/token-cache-redis', 'redis'];
  const failover = await clusterFailover({
    emulator,
    login,
    encryptionKey,
    size: PROCESSES,
    concurrent: CONCURRENT,
    project,
    specifiers,
  });
  const inside = `${realpathSync(project.dir)}${sep}node_modules${sep}`;
  const own = failover.resolved.filter((urls) => urls.every((u) => realpathSync(fileURLToPath(u)).startsWith(inside)));
  // Baseline: the same processes from the tarballs, a cache per process, one wave.
  const fleet = await startFleet({ size: PROCESSES, login, redisUrl: null, encryptionKey, project });
  let baseline;
  try {
    emulator.resetStats();
    const wave = summarize(await fleet.all('getTokens', { n: CONCURRENT }));
    baseline = { requests: emulator.stats().requests.filter((r) => r.route === 'token').length, failed: wave.failed };
  } finally {
    await fleet.stop();
  }
  return [
    {
      name: `${PROCESSES} processes ${FROM} (${own.length}/${PROCESSES} importing only the project's packages), Redis Cluster, the master of the token's slot killed mid-run: token requests in all (${failover.failed} failed getToken() of ${failover.calls}, ${failover.wavesDuringFailover} waves during the failover)`,
      value: failover.requests,
      unit: 'requests',
      baseline: baseline.requests,
      baselineName: 'a cache per process, one wave',
      ratio: failover.requests / baseline.requests,
      target: '≤ 2, 0 failed',
      ok: failover.requests <= 2 && failover.failed === 0 && own.length === PROCESSES && failover.moved,
    },
  ];
}
