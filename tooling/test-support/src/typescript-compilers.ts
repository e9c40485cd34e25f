// The TypeScript compilers an app may build with, 5.9, 6.0 and 7.0 (7 is the native compiler, which no longer loads
// @types/node unless something asks for it), and a project compiled by one of them.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const require = createRequire(import.meta.url);
const run = promisify(execFile);

/** The compilers, by the package name test-support depends on them under. */
export const TYPESCRIPT_COMPILERS = ['typescript-5', 'typescript', 'typescript-7'] as const;
export type TypeScriptCompiler = (typeof TYPESCRIPT_COMPILERS)[number];

/** `tsc -p projectDir` with `compiler`: its version and its output (empty when the project compiles). */
export async function compileProject(
  compiler: TypeScriptCompiler,
  projectDir: string,
): Promise<{ version: string; output: string }> {
  const tsc = join(dirname(require.resolve(`${compiler}/package.json`)), 'bin', 'tsc');
  const version = (await run(tsc, ['--version'])).stdout.trim();
  try {
    await run(tsc, ['-p', projectDir], { maxBuffer: 1 << 24 });
    return { version, output: '' };
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return { version, output: `${stdout ?? ''}${stderr ?? ''}` || String(error) };
  }
}
