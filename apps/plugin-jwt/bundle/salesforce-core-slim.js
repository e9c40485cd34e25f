// What the bundled @salesforce/sf-plugins-core gets for `import { … } from '@salesforce/core'` (see bundle.mjs): each
// name from the one @salesforce/core module that defines it, instead of the package's barrel, which loads everything
// (jsforce, the org and auth classes, the schema validator: most of sf's start-up). Org and SfProject are needed only
// when a command takes an org flag or requires a project: they stay behind a lazy stand-in until first use.
// Every module here is the chosen @salesforce/core's own (host-salesforce-core.js: inside sf, the CLI's copy; the same
// instance its barrel would load later): exported subpaths by name, the two that are not exported by their file under
// the package's lib/. A name sf-plugins-core
// starts importing that is missing here fails the build; a file @salesforce/core moves fails every command's start.
import { requireCore, requireCoreLib } from './host-salesforce-core.js';

export { ConfigAggregator } from '@salesforce/core/configAggregator';
export { SFDX_ALLOWED_PROPERTIES } from '@salesforce/core/config';
export { envVars, EnvironmentVariable, SUPPORTED_ENV_VARS } from '@salesforce/core/envVars';
export { Mode } from '@salesforce/core/global';
export { Lifecycle } from '@salesforce/core/lifecycle';
export { Messages } from '@salesforce/core/messages';
export { SfError } from '@salesforce/core/sfError';

const fromCoreLib = requireCoreLib;

export const { ORG_CONFIG_ALLOWED_PROPERTIES, OrgConfigProperties } = fromCoreLib('org/orgConfigProperties.js');
export const { validateApiVersion, validateSalesforceId } = fromCoreLib('util/sfdc.js');

/** A stand-in for a class of the barrel that loads it on first use: statics, `new`, `instanceof` all reach it. */
function lazyClass(load) {
  return new Proxy(function LazyClass() {}, {
    get: (_target, key) => Reflect.get(load(), key),
    set: (_target, key, value) => Reflect.set(load(), key, value),
    has: (_target, key) => Reflect.has(load(), key),
    construct: (_target, args, newTarget) => Reflect.construct(load(), args, newTarget),
    apply: (_target, thisArg, args) => Reflect.apply(load(), thisArg, args),
  });
}

export const Org = lazyClass(() => fromCoreLib('org/org.js').Org);
export const SfProject = lazyClass(() => requireCore('@salesforce/core/project').SfProject);
