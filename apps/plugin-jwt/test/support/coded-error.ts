// What a property accepts as "one of our coded errors" in the plugin: an SfError named with a stable ERR_* code
// (plugin-error.ts), or jwt-core's coded error that the plugin maps at its boundary (errors/to-sf-error.ts),
// recognised the way the plugin recognises it (its jwt-core may be another copy, so not by instanceof).
import { SfError } from '@salesforce/core/sfError';
import { isJwtCoreError } from '../../src/errors/core-errors.js';

export function assertPluginCoded(error: unknown): void {
  const coded =
    (error instanceof SfError && /^ERR_[A-Z0-9_]+$/.test(error.name) && error.message.length > 0) ||
    (isJwtCoreError(error) && /^ERR_[A-Z0-9_]+$/.test(error.code) && error.fix.length > 0);
  if (!coded) {
    throw new Error(`not a coded error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
