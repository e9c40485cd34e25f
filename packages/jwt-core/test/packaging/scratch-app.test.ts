/**
 * jwt-core as another app consumes it: the packed tarball installed with npm into a scratch app outside the
 * workspace, the app's TypeScript example (scratch-app/example.ts.txt) type-checked under strict +
 * exactOptionalPropertyTypes against the shipped .d.ts (skipLibCheck off), then run against the Salesforce emulator
 * under Node, Bun and Deno. Bun and Deno come from the npm registry into a cache dir; without them the runtime's
 * test is skipped, saying why.
 */
import { strict as assert } from 'node:assert';
import { execFile, execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '@sfjwt/salesforce-emulator';
import { STRICT_APP_OPTIONS } from '../support/strict-app.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const root = join(packageDir, '..', '..');
const emulatorDir = join(root, 'packages', 'salesforce-emulator');
/** The runtimes the example was last checked with; bump deliberately. */
const RUNTIMES = { bun: '1.4.5', deno: '2.9.6' } as const;

interface ExampleOutput {
  validationOk: boolean;
  signatureVerified: boolean;
  accessTokenReceived: boolean;
  sameTokenForConcurrentCallers: boolean;
  tokenPosts: number;
  orgId: string;
  userId: string;
  userinfoStatus: number;
  certificateMatchesKey: boolean;
  describedMatch: boolean;
  notAfterIsIso: boolean;
}

function runProgram(
  file: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { ...options, timeout: 120_000, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Installs `name@version` from the registry into a cache dir once; returns its binary, or why it could not. */
function installRuntime(name: keyof typeof RUNTIMES): { bin: string } | { skip: string } {
  const dir = join(tmpdir(), 'sfjwt-runtimes', `${name}-${RUNTIMES[name]}`);
  const bin = join(dir, 'node_modules', '.bin', name);
  if (!existsSync(bin)) {
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), '{"private":true}');
      execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `${name}@${RUNTIMES[name]}`], {
        cwd: dir,
        stdio: 'pipe',
        timeout: 300_000,
      });
    } catch (error) {
      return {
        skip: `${name} ${RUNTIMES[name]} could not be installed from the npm registry: ${String(error).split('\n')[0]}`,
      };
    }
  }
  try {
    execFileSync(bin, ['--version'], { stdio: 'pipe' });
  } catch (error) {
    return { skip: `${name} ${RUNTIMES[name]} does not run on this machine: ${String(error).split('\n')[0]}` };
  }
  return { bin };
}

describe('jwt-core installed from its tarball into a scratch app', function () {
  this.timeout(600_000);
  const work = mkdtempSync(join(tmpdir(), 'jwt-core-app-'));
  const app = join(work, 'app');
  let emulator: Emulator;
  let env: NodeJS.ProcessEnv;
  let demo: { orgId: string; userId: string };

  before(async function () {
    if (!existsSync(join(packageDir, 'dist', 'index.js')))
      throw new Error('jwt-core is not built: run its build first (npm test does).');
    if (!existsSync(join(emulatorDir, 'dist', 'index.js')))
      throw new Error('the emulator is not built: run the build first (npm test does).');
    // pnpm pack, as release:pack does: workspace ranges rewritten, `files` applied.
    execFileSync(
      process.execPath,
      [join(root, 'tooling', 'scripts', 'pnpm.mjs'), '--dir', packageDir, 'pack', '--pack-destination', work],
      { stdio: 'pipe' },
    );
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, 'pnpm pack wrote no tarball');

    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true, type: 'module' }));
    // The tarball has no dependencies, so this works offline; its optional peer @types/node is the workspace's.
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', join(work, tarball)], {
      cwd: app,
      stdio: 'pipe',
    });
    mkdirSync(join(app, 'node_modules', '@types'), { recursive: true });
    symlinkSync(join(packageDir, 'node_modules', '@types', 'node'), join(app, 'node_modules', '@types', 'node'), 'dir');
    copyFileSync(fileURLToPath(new URL('scratch-app/example.ts.txt', import.meta.url)), join(app, 'example.ts'));
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          ...STRICT_APP_OPTIONS,
          skipLibCheck: false,
          types: ['node'],
          outDir: 'out',
        },
        files: ['example.ts'],
      }),
    );

    const { createDemoConfig, startEmulator } = await import('@sfjwt/salesforce-emulator');
    const setup = createDemoConfig({ appType: 'connected-app' });
    emulator = await startEmulator(setup.config);
    demo = { orgId: setup.orgId, userId: setup.userId };
    writeFileSync(join(work, 'server.key'), setup.privateKeyPem, { mode: 0o600 });
    writeFileSync(join(work, 'server.crt'), setup.certificatePem);
    env = {
      PATH: process.env.PATH,
      HOME: work,
      NO_COLOR: '1',
      DENO_NO_UPDATE_CHECK: '1',
      EXAMPLE_INSTANCE_URL: emulator.url,
      EXAMPLE_CLIENT_ID: setup.consumerKey,
      EXAMPLE_USERNAME: setup.username,
      EXAMPLE_KEY_FILE: join(work, 'server.key'),
      EXAMPLE_CERT_FILE: join(work, 'server.crt'),
    };
  });

  after(async () => {
    await emulator?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  function assertExampleRan(result: { code: number; stdout: string; stderr: string }): void {
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
    const output = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as ExampleOutput;
    assert.deepEqual(output, {
      validationOk: true,
      signatureVerified: true,
      accessTokenReceived: true,
      sameTokenForConcurrentCallers: true,
      tokenPosts: 1,
      orgId: demo.orgId,
      userId: demo.userId,
      userinfoStatus: 200,
      certificateMatchesKey: true,
      describedMatch: true,
      notAfterIsIso: true,
    });
  }

  it('ships no source maps and no sourceMappingURL comments', () => {
    const installed = join(app, 'node_modules', '@sfjwt', 'jwt-core');
    const files = readdirSync(installed, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
    assert.deepEqual(
      files.filter((f) => f.endsWith('.map')),
      [],
    );
    assert.deepEqual(
      files.filter((f) => /\.(js|d\.ts)$/.test(f) && readFileSync(f, 'utf8').includes('sourceMappingURL')),
      [],
    );
    for (const name of ['README.md', 'LICENSE', 'package.json']) assert.ok(existsSync(join(installed, name)), name);
  });

  it('type-checks the example (strict, exactOptionalPropertyTypes, the shipped .d.ts checked whole) and runs it on Node', async () => {
    execFileSync(join(packageDir, 'node_modules', '.bin', 'tsc'), ['-p', app], { stdio: 'pipe' });
    assertExampleRan(await runProgram(process.execPath, [join(app, 'out', 'example.js')], { cwd: app, env }));
  });

  it('runs the example on Bun', async function () {
    const bun = installRuntime('bun');
    if ('skip' in bun) {
      console.warn(`      skipped: ${bun.skip}`);
      this.skip();
    }
    assertExampleRan(await runProgram(bun.bin, ['run', join(app, 'example.ts')], { cwd: app, env }));
  });

  it('runs the example on Deno', async function () {
    const deno = installRuntime('deno');
    if ('skip' in deno) {
      console.warn(`      skipped: ${deno.skip}`);
      this.skip();
    }
    assertExampleRan(
      await runProgram(deno.bin, ['run', '--allow-net', '--allow-read', '--allow-env', join(app, 'example.ts')], {
        cwd: app,
        env,
      }),
    );
  });
});
