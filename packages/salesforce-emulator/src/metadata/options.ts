// Deploy options as the SOAP DeployOptions element or the REST deployOptions object give them.
import type { DeployOptions } from './result.js';

/** rollbackOnError defaults to true: production orgs (and `sf project deploy start` without --ignore-errors) use it. */
export function deployOptions(raw: Record<string, unknown>): DeployOptions {
  const bool = (key: string, fallback: boolean): boolean => {
    const value = raw[key];
    if (value === undefined || value === null || value === '') return fallback;
    return value === true || value === 'true';
  };
  return {
    checkOnly: bool('checkOnly', false),
    rollbackOnError: bool('rollbackOnError', true),
    ignoreWarnings: bool('ignoreWarnings', false),
  };
}

/** The options echoed back by the REST deploy (Salesforce returns the full object with defaults filled in). */
export function restDeployOptions(options: DeployOptions, raw: Record<string, unknown>): Record<string, unknown> {
  return {
    allowMissingFiles: false,
    autoUpdatePackage: false,
    checkOnly: options.checkOnly,
    ignoreWarnings: options.ignoreWarnings,
    performRetrieve: false,
    purgeOnDelete: false,
    rollbackOnError: options.rollbackOnError,
    runTests: [],
    singlePackage: raw.singlePackage === true || raw.singlePackage === 'true',
    testLevel: typeof raw.testLevel === 'string' ? raw.testLevel : null,
  };
}
