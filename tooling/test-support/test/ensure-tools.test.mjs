// tooling/scripts/ensure-tools.mjs, the first step of `npm test`, run as a process with a PATH made for each case:
// a folder holding node and stand-ins for the tools that are "there" (the script only looks them up, never runs
// them). The real apt-get is never on that PATH: where the install path is tested, a fake apt-get records its
// arguments and "installs" by creating the stand-in.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const script = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'ensure-tools.mjs');
const ALL = ['openssl', 'keytool', 'redis-server', 'redis-cli'];
const INSTALLS = {
  openssl: ['openssl', 'openssl'],
  keytool: ['default-jre-headless', 'openjdk'],
  'redis-server': ['redis-server', 'redis'],
  'redis-cli': ['redis-tools', 'redis'],
};
const unique = (names) => [...new Set(names)];
const isRoot = process.getuid?.() === 0;
const work = mkdtempSync(join(tmpdir(), 'ensure-tools-'));
let folders = 0;

function executable(file, source) {
  writeFileSync(file, source);
  chmodSync(file, 0o755);
}

/** A PATH folder with node and a stand-in for each of `present`; with `aptGet`, a fake apt-get (see below). */
function makeBin(present, aptGet) {
  folders += 1;
  const bin = join(work, `bin-${folders}`);
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
  for (const tool of present) executable(join(bin, tool), '#!/bin/sh\nexit 0\n');
  if (aptGet !== undefined) {
    // Records each call; `install` creates the stand-ins of the packages it is asked for, or fails like apt-get.
    const commandOf = Object.fromEntries(Object.entries(INSTALLS).map(([tool, [apt]]) => [apt, tool]));
    executable(
      join(bin, 'apt-get'),
      [
        `#!${process.execPath}`,
        "const fs = require('fs');",
        'const args = process.argv.slice(2);',
        `fs.appendFileSync(${JSON.stringify(join(bin, 'apt-get.log'))}, args.join(' ') + '\\n');`,
        `if (args[0] === 'install' && ${JSON.stringify(aptGet)} === 'fails') {`,
        "  process.stderr.write('Reading package lists...\\nE: Unable to locate package ' + args.at(-1) + '\\n');",
        '  process.exit(100);',
        '}',
        `const commandOf = ${JSON.stringify(commandOf)};`,
        "if (args[0] === 'install') for (const pkg of args.filter((a) => !a.startsWith('-')).slice(1)) {",
        `  fs.writeFileSync(${JSON.stringify(bin)} + '/' + commandOf[pkg], '#!/bin/sh\\n', { mode: 0o755 });`,
        '}',
      ].join('\n'),
    );
  }
  return bin;
}

function runIn(bin) {
  const r = spawnSync(join(bin, 'node'), [script], { env: { PATH: bin, HOME: work }, encoding: 'utf8' });
  const log = (() => {
    try {
      return readFileSync(join(bin, 'apt-get.log'), 'utf8');
    } catch {
      return undefined;
    }
  })();
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, aptGetCalls: log };
}

const stopLine = (missing) =>
  `npm test needs ${missing.join(', ')} (not on PATH; installing needs root with apt-get, or brew): ` +
  `on Debian/Ubuntu run \`sudo apt-get install -y ${unique(missing.map((t) => INSTALLS[t][0])).join(' ')}\`, ` +
  `on macOS \`brew install ${unique(missing.map((t) => INSTALLS[t][1])).join(' ')}\`, then npm test again.\n`;

describe('ensure-tools: what npm test needs besides Node and npm', () => {
  after(() => rmSync(work, { recursive: true, force: true }));

  it('says nothing and exits 0 when openssl, keytool, redis-server and redis-cli are on PATH', () => {
    assert.deepEqual(runIn(makeBin(ALL)), { code: 0, stdout: '', stderr: '', aptGetCalls: undefined });
  });

  for (const tool of ALL) {
    it(`without ${tool} and no way to install it: one line naming it and its install commands, exit 1`, () => {
      const r = runIn(makeBin(ALL.filter((t) => t !== tool)), undefined);
      assert.deepEqual(r, { code: 1, stdout: '', stderr: stopLine([tool]), aptGetCalls: undefined });
    });
  }

  it('without any of them: still one line, naming all four, each package once', () => {
    assert.deepEqual(runIn(makeBin([])), { code: 1, stdout: '', stderr: stopLine(ALL), aptGetCalls: undefined });
  });

  it('as root with apt-get: installs what is missing with one line saying so (else stops: apt-get needs root)', () => {
    const r = runIn(makeBin(['openssl'], 'works'));
    if (!isRoot) {
      assert.deepEqual(r, {
        code: 1,
        stdout: '',
        stderr: stopLine(['keytool', 'redis-server', 'redis-cli']),
        aptGetCalls: undefined,
      });
      return;
    }
    assert.deepEqual(r, {
      code: 0,
      stdout:
        'npm test: installing keytool, redis-server, redis-cli for the tests (apt-get install default-jre-headless redis-server redis-tools)\n',
      stderr: '',
      aptGetCalls: 'update -qq\ninstall -y -qq default-jre-headless redis-server redis-tools\n',
    });
  });

  it('as root, when apt-get fails: its reason, then the stop line', { skip: !isRoot && 'needs root' }, () => {
    const r = runIn(makeBin(['openssl', 'keytool'], 'fails'));
    assert.deepEqual(r, {
      code: 1,
      stdout: 'npm test: installing redis-server, redis-cli for the tests (apt-get install redis-server redis-tools)\n',
      stderr:
        'npm test: apt-get install -y -qq redis-server redis-tools failed (E: Unable to locate package redis-tools).\n' +
        stopLine(['redis-server', 'redis-cli']),
      aptGetCalls: 'update -qq\ninstall -y -qq redis-server redis-tools\n',
    });
  });
});
