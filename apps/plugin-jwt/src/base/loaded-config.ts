/**
 * The Config a command runs with. oclif's `Command.run(argv, config)` hands the CLI's loaded Config to
 * `Config.load()`, which rebuilds it from scratch (every plugin's commands, aliases and flexible-taxonomy
 * permutations again: ~30 ms of CPU inside sf, the largest single cost of a `sf jwt` command's start) so that a
 * command built on another @oclif/core never meets a Config without the methods it calls (oclif/core#770).
 * Inside sf 2.150 the bundled commands run on the CLI's own oclif (bundle/host-oclif-core.js), whose Config is its own
 * class; this matters where a command runs on another copy than the CLI's: a linked plugin, another host's oclif.
 * A Config of @oclif/core 4 or 5 (sf runs 4, the plugin's own copy is 5) has the same fields and methods: their
 * `config/config.js` differ only in style and in the plugin loader's `ignoreManifest` option, which matters only
 * while plugins load. So such a Config is used as it is; any other is rebuilt as oclif does.
 */
import type { Config } from '@oclif/core';

/** The @oclif/core majors whose loaded Config has the shape this plugin's commands use. */
const SAME_SHAPE_MAJORS = new Set(['4', '5']);
/** What oclif and sf-plugins-core call on a command's Config, checked before one is trusted. */
const CALLED = ['runHook', 'findCommand', 'scopedEnvVar', 'scopedEnvVarTrue', 'getPluginsList'] as const;

/**
 * `opts` if it is a loaded Config of a @oclif/core with the same shape (4.x or 5.x, all of {@link CALLED}),
 * else undefined (oclif then loads or rebuilds one).
 */
export function loadedConfig(opts: unknown): Config | undefined {
  if (typeof opts !== 'object' || opts === null) return undefined;
  const base = (opts as { _base?: unknown })._base;
  const major = typeof base === 'string' ? /^@oclif\/core@(\d+)\./.exec(base)?.[1] : undefined;
  if (major === undefined || !SAME_SHAPE_MAJORS.has(major)) return undefined;
  const methods = opts as Record<(typeof CALLED)[number], unknown>;
  return CALLED.every((name) => typeof methods[name] === 'function') ? (opts as Config) : undefined;
}
