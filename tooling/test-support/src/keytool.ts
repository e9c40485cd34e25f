// Java's keytool (17+): reads the keystores we write, the independent check of their bytes.
import { runToolAll } from './run-tool.js';

/** Runs `keytool …args`; returns stdout and stderr together (keytool reports on both). Throws with both on failure. */
export function keytool(args: readonly string[]): string {
  // A fixed locale: tests match keytool's English listing.
  return runToolAll('keytool', args, { ...process.env, LC_ALL: 'C.UTF-8' });
}
