// What the bundled @salesforce/sf-plugins-core gets for `@oclif/table` (see bundle.mjs). The real module (ink, React
// and yoga: ~0.3 s) is loaded by `loadTables()`, which the build calls at the start of every command whose code can
// draw a table; a command that draws none never loads it. sf-plugins-core calls printTable/makeTable synchronously,
// so a call before loading is a build mistake: it says so rather than printing something else.
let tables;

/** Loads @oclif/table (from sf-plugins-core's own dependencies, as its import would). */
export async function loadTables() {
  tables ??= await import('@oclif/table');
}

function loaded() {
  if (tables === undefined) {
    throw new Error('@oclif/table was not loaded before drawing a table: see apps/plugin-jwt/bundle/bundle.mjs.');
  }
  return tables;
}

export const printTable = (options) => loaded().printTable(options);
export const makeTable = (options) => loaded().makeTable(options);
