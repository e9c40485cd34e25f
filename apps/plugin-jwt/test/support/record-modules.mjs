// Preloaded with `node --import` by the start-up guard (test/startup): records every module the process resolves,
// through import or require (module.registerHooks sees both, in this thread), and writes their URLs, one a line, to
// the file named by SFJWT_TEST_MODULES_FILE when the process exits.
import { registerHooks } from 'node:module';
import { writeFileSync } from 'node:fs';

const target = process.env.SFJWT_TEST_MODULES_FILE;
if (target === undefined || typeof registerHooks !== 'function') {
  throw new Error('record-modules.mjs needs SFJWT_TEST_MODULES_FILE and Node ≥ 22.15 (module.registerHooks).');
}
const resolved = new Set();
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context);
    resolved.add(result.url);
    return result;
  },
});
process.on('exit', () => writeFileSync(target, [...resolved].join('\n')));
