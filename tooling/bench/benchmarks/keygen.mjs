// Keys and certificates without openssl (issue 2 §5): key + certificate in-process against `openssl req -x509
// -newkey rsa:2048` as a process (target ≤ 1.0×), building a certificate once the key exists (target ≤ 2 ms), and the
// cold start of `bin/run.js jwt keygen --help` against `node -e 0`. Uses jwt-core's built dist (run `pnpm build`).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeMedian, timeProcess } from '../support/measure.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const runJs = join(root, 'apps', 'plugin-jwt', 'bin', 'run.js');
// The build writes oclif.manifest.json (and the package ships it); without it oclif imports every command for --help.
const manifest = existsSync(join(root, 'apps', 'plugin-jwt', 'oclif.manifest.json'))
  ? 'with manifest'
  : 'NO manifest: run the build';

export async function run() {
  const { createSelfSignedCertificate, exportPrivateKeyPem, generateRsaKeyPair } = await import('@sfjwt/jwt-core');
  const dir = mkdtempSync(join(tmpdir(), 'bench-keygen-'));
  const subject = { commonName: 'x' };
  try {
    // RSA prime search is random: many runs so the medians settle.
    const ours = await timeMedian(
      async () => {
        const { privateKey } = await generateRsaKeyPair({ bits: 2048 });
        const cert = createSelfSignedCertificate({ key: privateKey, subject, now: Date.now });
        writeFileSync(join(dir, 'ours.key'), exportPrivateKeyPem(privateKey), { mode: 0o600 });
        writeFileSync(join(dir, 'ours.crt'), cert);
      },
      { runs: 41, warmup: 3 },
    );
    const openssl = await timeProcess(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=x',
        '-keyout',
        join(dir, 'o.key'),
        '-out',
        join(dir, 'o.crt'),
      ],
      { runs: 41, warmup: 3 },
    );

    const { privateKey } = await generateRsaKeyPair({ bits: 2048 });
    const certOnly = await timeMedian(() => createSelfSignedCertificate({ key: privateKey, subject, now: Date.now }), {
      runs: 301,
      warmup: 20,
    });
    writeFileSync(join(dir, 'existing.key'), exportPrivateKeyPem(privateKey));
    const opensslCertOnly = await timeProcess(
      'openssl',
      [
        'req',
        '-x509',
        '-new',
        '-key',
        join(dir, 'existing.key'),
        '-subj',
        '/CN=x',
        '-days',
        '365',
        '-out',
        join(dir, 'e.crt'),
      ],
      { runs: 21, warmup: 2 },
    );

    const nodeBare = await timeProcess(process.execPath, ['-e', '0'], { runs: 15, warmup: 2 });
    const help = await timeProcess(process.execPath, [runJs, 'jwt', 'keygen', '--help'], {
      runs: 10,
      warmup: 2,
      cwd: dir,
    });
    const command = await timeProcess(
      process.execPath,
      [runJs, 'jwt', 'keygen', '--output-dir', join(dir, 'cmd'), '--force'],
      { runs: 10, warmup: 2, cwd: dir },
    );

    return [
      {
        name: 'key + certificate, RSA 2048, in-process (median)',
        value: ours,
        unit: 'ms',
        baseline: openssl,
        baselineName: 'openssl req -x509 -newkey rsa:2048 -nodes',
        ratio: ours / openssl,
        target: '≤ 1.0×',
        ok: ours / openssl <= 1.0,
      },
      {
        name: 'certificate once the key exists (median)',
        value: certOnly,
        unit: 'ms',
        baseline: opensslCertOnly,
        baselineName: 'openssl req -x509 -key (process)',
        ratio: certOnly / opensslCertOnly,
        target: '≤ 2 ms',
        ok: certOnly <= 2,
      },
      {
        name: `cold start: bin/run.js jwt keygen --help (${manifest})`,
        value: help,
        unit: 'ms',
        baseline: nodeBare,
        baselineName: 'node -e 0',
        ratio: help / nodeBare,
      },
      {
        name: 'whole command: bin/run.js jwt keygen (process)',
        value: command,
        unit: 'ms',
        baseline: openssl,
        baselineName: 'openssl req -x509 -newkey rsa:2048 -nodes',
        ratio: command / openssl,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
