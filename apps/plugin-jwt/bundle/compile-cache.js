// Node's on-disk compile cache (module.enableCompileCache, Node ≥ 22.1) for the plugin's bundles. Importing this
// module turns it on for every module loaded after it: bin/run.js imports it before oclif, and each command's module
// (lib/commands/**, written by bundle.mjs) imports it before its bundle, so the ~1.5 MB of JavaScript a command
// starts with (oclif, sf-plugins-core, jwt-core, the plugin) is read as V8's code cache instead of being parsed and
// compiled on every start (measured: ~30 ms of CPU less per command, standalone and inside sf).
//
// What is written: V8's compiled code of JavaScript files that are on disk anyway, keyed by file and checked against
// the source's hash (a changed file is compiled afresh); never a value the program computes, so never a key, a
// passphrase or a token. Inside sf it also caches the modules sf loads after the command starts (the setting is
// process-wide and cannot be turned off again): the same kind of data, sf's own files.
// Where: the user's own cache directory (`$XDG_CACHE_HOME` if absolute, else ~/.cache; ~/Library/Caches on macOS; %LOCALAPPDATA% on
// Windows), under sfjwt/node-compile-cache; not Node's default under the shared temporary directory, where another
// local user could have created the folder first. NODE_COMPILE_CACHE, if set, wins (Node enabled it at start);
// NODE_DISABLE_COMPILE_CACHE=1 turns it off. On an older Node, or if the folder cannot be made, this does nothing:
// Node reports a failure as a status, never as an exception or output.
import module from 'node:module';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** The folder the plugin's compile cache goes to, for this platform and environment. */
export function compileCacheDir(env = process.env, platform = process.platform, home = homedir()) {
  const base =
    platform === 'win32'
      ? env.LOCALAPPDATA || join(home, 'AppData', 'Local')
      : platform === 'darwin'
        ? join(home, 'Library', 'Caches')
        : env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)
          ? env.XDG_CACHE_HOME
          : join(home, '.cache');
  return join(base, 'sfjwt', 'node-compile-cache');
}

if (typeof module.enableCompileCache === 'function') {
  try {
    module.enableCompileCache(compileCacheDir());
  } catch {
    // No home directory to find (homedir() throws): start without the cache.
  }
}
