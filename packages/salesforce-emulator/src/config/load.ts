// Reading a configuration file (JSON). `certificateFile` paths are relative to the file's directory.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { EmulatorConfig } from './types.js';
import { EmulatorConfigError } from './errors.js';
import { validateConfig } from './validate.js';

/**
 * Reads and validates a JSON configuration file.
 * @returns the configuration (as written) and the directory relative paths resolve against
 * @throws EmulatorConfigError when the file is unreadable, not JSON, or invalid
 */
export function loadConfigFile(path: string): { config: EmulatorConfig; baseDir: string } {
  const absolute = resolve(path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new EmulatorConfigError([{ path: '', reason: `cannot be read: ${(error as Error).message}` }], absolute);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new EmulatorConfigError([{ path: '', reason: `is not valid JSON: ${(error as Error).message}` }], absolute);
  }
  const baseDir = dirname(absolute);
  validateConfig(parsed, { baseDir, source: absolute });
  return { config: parsed as EmulatorConfig, baseDir };
}
