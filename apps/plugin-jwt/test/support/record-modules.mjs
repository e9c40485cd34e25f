// Preloaded with `node --import` by the start-up guard (test/startup): records every module the process loads,
// through import or require (module.registerHooks sees both, in this thread; a load hook, so a bare
// import.meta.resolve() does not count), and writes their URLs, one a line, to the file named by
// SFJWT_TEST_MODULES_FILE when the process exits.
import { registerHooks } from 'node:module';
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const target = process.env.SFJWT_TEST_MODULES_FILE;
if (target === undefined || typeof registerHooks !== 'function') {
  throw new Error('record-modules.mjs needs SFJWT_TEST_MODULES_FILE and Node ≥ 22.15 (module.registerHooks).');
}
// The main thread's modules only: a worker (pino's log transport) runs this preload too and would overwrite the file.
if (isMainThread) {
  const loaded = new Set();
  registerHooks({
    load(url, context, nextLoad) {
      loaded.add(url);
      return nextLoad(url, context);
    },
  });
  process.on('exit', () => writeFileSync(target, [...loaded].join('\n')));
}
