// Runs one `keygen --force` or `keystore --force` workflow from the compiled lib/, with the same interrupt handlers
// JwtCommand installs, and without oclif's startup (about a second): the crash test kills it at random points
// many times within its time budget. Prints "ready" once loaded, so the random delay falls on the work itself.
//   node crash-driver.mjs keygen <dir>
//   node crash-driver.mjs keystore <dir>   (reads <dir>/server.key and server.crt, writes <dir>/ci.p12)
import { join } from 'node:path';
import { handleInterrupts } from '../../lib/io/interrupts.js';
import { generateKeyFiles } from '../../lib/services/keygen.js';
import { writeKeystore } from '../../lib/services/keystore.js';

const [mode, dir] = process.argv.slice(2);
const scope = handleInterrupts();
const context = {
  env: { SFJWT_KEYSTORE_PASSWORD: 'crash-test-password' },
  now: Date.now,
  secrets: { env: { SFJWT_KEYSTORE_PASSWORD: 'crash-test-password' }, prompt: undefined },
  warn: (message) => process.stderr.write(`Warning: ${message}\n`),
  signal: scope.signal,
};
await import('@sfjwt/jwt-core');
process.stdout.write('ready\n');
try {
  if (mode === 'keygen') {
    await generateKeyFiles(
      {
        outputDir: dir,
        name: 'server',
        bits: 2048,
        days: 30,
        commonName: undefined,
        subject: {},
        csr: false,
        encrypt: false,
        force: true,
      },
      context,
    );
  } else {
    const input = {
      jwtKeyFile: join(dir, 'server.key'),
      certFile: join(dir, 'server.crt'),
      outputFile: join(dir, 'ci.p12'),
      format: undefined,
      keyAlias: undefined,
      force: true,
    };
    await writeKeystore(input, context);
  }
  process.stdout.write('done\n');
} catch (err) {
  process.stderr.write(`${err.name}: ${err.message}\n`);
  process.exitCode = 1;
} finally {
  scope.dispose();
}
