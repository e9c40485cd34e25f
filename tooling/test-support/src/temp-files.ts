// Throwaway directories for tests, removed when done.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temp dir: `path(name)`, `write(name, bytes)` (returns the path), `read(name)`, `remove()`. */
export function tempDir(prefix = 'sfjwt-test-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    path: (name: string): string => join(dir, name),
    write: (name: string, bytes: Uint8Array | string): string => (
      writeFileSync(join(dir, name), bytes),
      join(dir, name)
    ),
    read: (name: string): Buffer => readFileSync(join(dir, name)),
    remove: (): void => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs `fn` with a fresh temp dir and removes the dir afterwards, whatever `fn` did. */
export function inTempDir<T>(fn: (dir: string) => T): T {
  const temp = tempDir();
  try {
    return fn(temp.dir);
  } finally {
    temp.remove();
  }
}

/** Writes `files` into a fresh temp dir, calls `fn` with their paths, and removes the dir. */
export function withTempFiles<T>(files: Record<string, string>, fn: (paths: Record<string, string>) => T): T {
  return inTempDir((dir) => {
    const paths: Record<string, string> = {};
    for (const [name, content] of Object.entries(files)) {
      paths[name] = join(dir, name);
      writeFileSync(paths[name], content);
    }
    return fn(paths);
  });
}

/** A text file's content (UTF-8). */
export const readText = (path: string): string => readFileSync(path, 'utf8');
