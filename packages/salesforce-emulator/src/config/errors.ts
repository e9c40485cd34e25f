/** One problem in a configuration: where (a JSON path such as `apps[0].certificate`) and why. */
export interface ConfigIssue {
  path: string;
  reason: string;
}

/**
 * Thrown when a configuration is rejected. `issues` lists every problem found, not only the first.
 * @example
 * try { await startEmulator(config) } catch (e) { if (e instanceof EmulatorConfigError) console.error(e.message) }
 */
export class EmulatorConfigError extends Error {
  readonly code = 'EMULATOR_CONFIG_INVALID';
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], source?: string) {
    const where = source === undefined ? 'configuration' : `configuration ${source}`;
    const lines = issues.map((i) => `  - ${i.path}: ${i.reason}`);
    super(
      `Invalid emulator ${where} (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    );
    this.name = 'EmulatorConfigError';
    this.issues = issues;
  }
}
