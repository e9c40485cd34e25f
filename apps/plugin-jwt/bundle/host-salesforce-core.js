// Which copy of @salesforce/core the bundled commands use (see bundle.mjs). Inside sf, the CLI's own: sf has already
// loaded most of what a command needs of it (messages, errors, config, the logger with pino, memfs) before the
// command starts, so using that copy costs nothing, while the plugin's copy (an `sf plugins install` puts it apart,
// under sf's data directory) would be read and compiled a second time: ~150 files, most of a command's start-up.
// Standalone (`bin/run.js`), the host is the plugin itself, and its own copy is used, as before.
// The host's copy is used only if it is the same major version as ours and not older than the version we declare;
// otherwise ours. One choice per process, made on first use.
import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';

/* global SFJWT_CORE_RANGE */
/** The version range of @salesforce/core the plugin declares (the build replaces this with package.json's). */
const DECLARED = typeof SFJWT_CORE_RANGE === 'string' ? SFJWT_CORE_RANGE : '^0.0.0';

const parse = (version) => (/^\D*(\d+)\.(\d+)\.(\d+)/.exec(version) ?? []).slice(1, 4).map(Number);

/** True if `version` satisfies a caret range `^M.m.p` (what package.json declares). */
function satisfies(version, range) {
  const [major, minor, patch] = parse(version);
  const [wantMajor, wantMinor, wantPatch] = parse(range);
  if (major === undefined || major !== wantMajor) return false;
  return minor > wantMinor || (minor === wantMinor && patch >= wantPatch);
}

/** A require() that resolves @salesforce/core from the host CLI's entry script, if that copy fits; else undefined. */
function hostRequire() {
  const main = process.argv[1];
  if (!main) return undefined;
  try {
    const fromHost = createRequire(realpathSync(main));
    const entry = fromHost.resolve('@salesforce/core');
    const root = entry.slice(0, entry.lastIndexOf(`${sep}lib${sep}`));
    const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    return pjson.name === '@salesforce/core' && satisfies(pjson.version, DECLARED) ? fromHost : undefined;
  } catch {
    return undefined;
  }
}

let chosen;
/** The require() @salesforce/core is loaded through, and its lib/ folder. */
function core() {
  if (chosen === undefined) {
    // Ours: resolved from the bundle's own folder (lib/chunks), inside the plugin.
    const req = hostRequire() ?? createRequire(import.meta.url);
    chosen = { require: req, lib: dirname(req.resolve('@salesforce/core')) };
  }
  return chosen;
}

/** `@salesforce/core` or one of its exported subpaths (`@salesforce/core/messages`), from the chosen copy. */
export const requireCore = (specifier) => core().require(specifier);
/** A file under the chosen copy's lib/ that the package does not export (`org/org.js`). */
export const requireCoreLib = (file) => core().require(join(core().lib, file));
