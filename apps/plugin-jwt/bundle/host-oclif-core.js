// Which @oclif/core the bundled commands run on (see bundle.mjs). Inside sf, the CLI's own: it is the oclif that
// loaded the command, already in memory, so a command parses no second oclif (the plugin's copy, a 760 KB chunk,
// cost every `sf jwt` command ~15 ms and ~3 MiB at start). Standalone (bin/run.js) the plugin's own copy, bundled
// in a chunk that only then loads.
//
// The host's copy is used when it is @oclif/core 5, or 4 from 4.14 (what sf 2.150 ships). 5.0 raised Node's engines
// to 22 and changed nothing of what the plugin and sf-plugins-core use: the same 24 exports, and a `lib/` that
// differs in style, in a stdin read's null for undefined and in the plugin loader. base/loaded-config.ts relies on
// the same sameness for oclif's Config, and the e2e suite runs every command inside sf on oclif 4.14. Any other
// version (or none found) gets the plugin's own copy. One choice per process, made on first use.
import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Major → the oldest minor of it whose API the plugin was checked against. */
const ACCEPTED = new Map([
  [4, 14],
  [5, 0],
]);

/** The plugin's own root: the folder above this bundle whose package.json is the plugin's. */
function pluginRoot() {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      if (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name === '@sfjwt/plugin-jwt') return dir;
    } catch {
      // no package.json here: go up
    }
  }
  return undefined;
}

const accepted = (version) => {
  const [major, minor] = (/^(\d+)\.(\d+)\./.exec(version) ?? []).slice(1).map(Number);
  return ACCEPTED.has(major) && minor >= ACCEPTED.get(major);
};

/** The host CLI's @oclif/core (resolved from its entry script), if there is a host and its version is accepted. */
export function hostOclifCore() {
  const main = process.argv[1];
  if (!main) return undefined;
  try {
    const script = realpathSync(main);
    // Standalone, the entry script is the plugin's own bin/run.js: there is no host.
    const own = pluginRoot();
    if (own === undefined || script.startsWith(realpathSync(own) + sep)) return undefined;
    const fromHost = createRequire(script);
    const entry = fromHost.resolve('@oclif/core');
    const root = entry.slice(0, entry.lastIndexOf(`${sep}lib${sep}`));
    const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    return pjson.name === '@oclif/core' && accepted(pjson.version) ? fromHost('@oclif/core') : undefined;
  } catch {
    return undefined;
  }
}
