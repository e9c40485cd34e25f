// The commands as a user runs them without sf: `node bin/run.js jwt keygen|inspect`, in a child process.
import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from '../../support/build.js';
import { run, runJs, sfEnv } from '../../support/sf-cli.js';

describe('node bin/run.js jwt keygen / inspect (subprocess)', () => {
  let dir: string;
  before(async function () {
    this.timeout(120_000);
    ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), 'jwt-bin-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const node = (args: string[], input?: string) =>
    run(process.execPath, [runJs, ...args], { env: sfEnv(dir), cwd: dir, ...(input === undefined ? {} : { input }) });

  it('keygen --json writes the pair and reports it; inspect confirms the match, reading the key from stdin', async () => {
    const made = await node(['jwt', 'keygen', '--output-dir', 'out', '--json']);
    assert.equal(made.code, 0, made.stderr);
    const { result } = JSON.parse(made.stdout) as { result: { keyFile: string; certificateFile: string } };
    assert.equal(result.keyFile, join(dir, 'out', 'server.key'));
    assert.equal((await stat(result.keyFile)).mode & 0o777, 0o600);

    const pem = await readFile(result.keyFile, 'utf8');
    const inspected = await node(
      ['jwt', 'inspect', '--jwt-key-file', '-', '--cert-file', result.certificateFile, '--json'],
      pem,
    );
    assert.equal(inspected.code, 0, inspected.stderr);
    const json = JSON.parse(inspected.stdout) as { result: { matches: boolean; key: { source: string } } };
    assert.equal(json.result.matches, true);
    assert.equal(json.result.key.source, 'stdin');
    assert.ok(!inspected.stdout.includes(pem.split('\n')[1]!));
  });

  it('keygen refuses to overwrite (exit 78, ERR_FILE_EXISTS); inspect exits 78 on a mismatch', async () => {
    const again = await node(['jwt', 'keygen', '--output-dir', 'out']);
    assert.equal(again.code, 78);
    assert.match(
      again.stderr,
      new RegExp(
        `Error \\(ERR_FILE_EXISTS\\): ${join(dir, 'out', 'server.key')} already exists; nothing was written\\.`,
      ),
    );

    const other = await node(['jwt', 'keygen', '--output-dir', 'other', '--json']);
    assert.equal(other.code, 0, other.stderr);
    const mismatch = await node([
      'jwt',
      'inspect',
      '--jwt-key-file',
      'other/server.key',
      '--cert-file',
      'out/server.crt',
    ]);
    assert.equal(mismatch.code, 78);
    assert.match(mismatch.stderr, /Error \(ERR_CERT_KEY_MISMATCH\): The private key does not match the certificate/);
  });

  it('keygen --help lists the flags', async () => {
    const help = await node(['jwt', 'keygen', '--help']);
    assert.equal(help.code, 0, help.stderr);
    for (const flag of [
      '--output-dir',
      '--name',
      '--bits',
      '--days',
      '--common-name',
      '--csr',
      '--encrypt',
      '--force',
    ]) {
      assert.ok(help.stdout.includes(flag), flag);
    }
  });
});
