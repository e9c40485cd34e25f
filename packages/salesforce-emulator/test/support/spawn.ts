// Runs the built CLI (bin/salesforce-emulator.js → dist/) as a subprocess and collects its output.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(PACKAGE_DIR, 'bin', 'salesforce-emulator.js');

export function assertBuilt(): void {
  if (!existsSync(join(PACKAGE_DIR, 'dist', 'cli.js'))) {
    throw new Error('dist/cli.js is missing: build the package first (tsc -p tsconfig.build.json)');
  }
}

export interface Running {
  child: ChildProcess;
  lines: string[];
  stderr: () => string;
  /** Resolves with stdout lines once `count` lines arrived. */
  waitForLines(count: number): Promise<string[]>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startCli(args: string[]): Running {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let err = '';
  let partial = '';
  const waiters: (() => void)[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    partial += chunk.toString('utf8');
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const w of waiters.splice(0)) w();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  // 'close', not 'exit': a child's stdio may still hold output when it exits, and tests assert on all of stderr.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      for (const w of waiters.splice(0)) w();
      resolve({ code, signal });
    });
  });
  const waitForLines = async (count: number): Promise<string[]> => {
    while (lines.length < count) {
      if (child.exitCode !== null)
        throw new Error(`CLI exited (${child.exitCode}) before printing ${count} lines: ${err}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
    return lines.slice(0, count);
  };
  return { child, lines, stderr: () => err, waitForLines, exited };
}
