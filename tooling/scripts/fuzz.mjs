// `npm run fuzz -- --minutes N [--only NAME] [--seed S]`: runs every property file (`*.property.test.ts`, one per
// parser) for a long time from a random seed, then prints per parser the inputs tried and every counterexample,
// shrunk, with its seed and path (replay: SFJWT_FUZZ_SEED=<seed> with --only, or fc.assert's { seed, path }).
// The N minutes are shared evenly among the selected parsers, which run one after another (one mocha process each,
// niced: the machine is shared). Exit status 1 when any property failed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PACKAGES = ['packages/jwt-core', 'packages/token-cache-redis', 'apps/plugin-jwt', 'packages/salesforce-emulator'];
const SUFFIX = '.property.test.ts';

function usage(problem) {
  process.stderr.write(`${problem}\nUsage: npm run fuzz -- --minutes N [--only NAME] [--seed S]\n`);
  process.exit(2);
}

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      options: { minutes: { type: 'string' }, only: { type: 'string' }, seed: { type: 'string' } },
      allowPositionals: false,
    }).values;
  } catch (error) {
    usage(error.message);
  }
  const minutes = Number(parsed.minutes);
  if (!(minutes > 0)) usage('--minutes must be a positive number.');
  const seed = parsed.seed === undefined ? undefined : Number(parsed.seed);
  if (seed !== undefined && !Number.isSafeInteger(seed)) usage('--seed must be an integer.');
  return { minutes, only: parsed.only, seed };
}

/** Every property file, named "package/parser" after its package folder and file name. */
function propertyFiles() {
  const found = [];
  const walk = (pkg, dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'fixtures') walk(pkg, path);
      else if (entry.name.endsWith(SUFFIX)) {
        found.push({
          pkg,
          file: relative(join(root, pkg), path),
          name: `${basename(pkg)}/${entry.name.slice(0, -SUFFIX.length)}`,
        });
      }
    }
  };
  for (const pkg of PACKAGES) walk(pkg, join(root, pkg, 'test'));
  return found;
}

/** The package's mocha settings less its spec list, so only this file runs, with no timeout. */
function mochaArgs(pkg, file) {
  const config = JSON.parse(readFileSync(join(root, pkg, '.mocharc.json'), 'utf8'));
  const args = ['--no-config', '--timeout', '0', '--reporter', 'dot'];
  for (const option of [config['node-option'] ?? []].flat()) args.push('--node-option', option);
  for (const module of [config.require ?? []].flat()) args.push('--require', module);
  return [...args, file];
}

function runParser(target, seconds, seed, reportFile) {
  const env = { ...process.env, SFJWT_FUZZ_SECONDS: String(seconds), SFJWT_FUZZ_REPORT: reportFile };
  if (seed !== undefined) env.SFJWT_FUZZ_SEED = String(seed);
  const mocha = join(root, target.pkg, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const child = spawn('nice', [process.execPath, mocha, ...mochaArgs(target.pkg, target.file)], {
    cwd: join(root, target.pkg),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  // A hang is a finding too: a parser that does not come back within its share and two minutes is ended.
  const watchdog = setTimeout(() => child.kill('SIGKILL'), (seconds + 120) * 1000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(watchdog);
      resolve({ code, signal, output });
    });
  });
}

function readReports(reportFile) {
  if (!existsSync(reportFile)) return [];
  return readFileSync(reportFile, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line));
}

function printCounterexample(report) {
  process.stdout.write(
    `\n  FAILED ${report.parser}: ${report.property}\n    seed ${report.seed}, path ${report.path}\n` +
      `    counterexample (shrunk): ${report.counterexample}\n    error: ${report.error}\n` +
      `    replay: SFJWT_FUZZ_SEED=${report.seed} npm run fuzz -- --minutes 1 --only ${report.parser}\n`,
  );
}

async function main() {
  const { minutes, only, seed } = options();
  const targets = propertyFiles().filter((target) => only === undefined || target.name.includes(only));
  if (targets.length === 0) usage(`No property file matches --only ${only}.`);
  const seconds = (minutes * 60) / targets.length;
  const workDir = mkdtempSync(join(tmpdir(), 'sfjwt-fuzz-'));
  const rows = [];
  let failures = 0;
  process.stdout.write(`Fuzzing ${targets.length} parser(s) for ${minutes} minute(s), ${seconds.toFixed(0)} s each.\n`);
  for (const target of targets) {
    const reportFile = join(workDir, `${target.name.replace('/', '__')}.jsonl`);
    const run = await runParser(target, seconds, seed, reportFile);
    const reports = readReports(reportFile);
    const inputs = reports.reduce((sum, report) => sum + report.inputs, 0);
    const failed = reports.filter((report) => report.failed);
    const missing = run.code !== 0 && failed.length === 0;
    if (missing)
      process.stdout.write(
        `\n  FAILED ${target.name}: mocha ended ${run.signal ?? `with ${run.code}`}\n${run.output.slice(-4000)}\n`,
      );
    failed.forEach(printCounterexample);
    failures += failed.length + (missing ? 1 : 0);
    rows.push({ name: target.name, properties: reports.length, inputs, failures: failed.length + (missing ? 1 : 0) });
    process.stdout.write(
      `${target.name}: ${inputs.toLocaleString('en-US')} inputs, ${reports.length} properties, ${rows.at(-1).failures} failures\n`,
    );
    for (const report of reports) {
      process.stdout.write(`    ${report.inputs.toLocaleString('en-US').padStart(11)}  ${report.property}\n`);
    }
  }
  rmSync(workDir, { recursive: true, force: true });
  const total = rows.reduce((sum, row) => sum + row.inputs, 0);
  process.stdout.write(`\n| Parser | Properties | Inputs tried | Failures |\n| --- | ---: | ---: | ---: |\n`);
  for (const row of rows) {
    process.stdout.write(
      `| ${row.name} | ${row.properties} | ${row.inputs.toLocaleString('en-US')} | ${row.failures} |\n`,
    );
  }
  process.stdout.write(
    `| all (${minutes} min) | ${rows.reduce((sum, row) => sum + row.properties, 0)} | ${total.toLocaleString('en-US')} | ${failures} |\n`,
  );
  process.exitCode = failures === 0 ? 0 : 1;
}

await main();
