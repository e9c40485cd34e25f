// Imported first by bin/run.js, before oclif is loaded: on a Node older than package.json's `engines.node`, oclif
// would warn and the Salesforce libraries then crash with a TypeError. One sentence instead, naming the two ways that
// work. Written for old Nodes too (no `??` or `?.`), and it reads nothing but package.json.
import { readFileSync } from 'node:fs';

const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
/** `>=22` or `>=22.5.1` → [22, 0, 0] / [22, 5, 1]. */
const required = (/\d+(\.\d+){0,2}/.exec(pjson.engines.node) || ['0'])[0].split('.').map(Number);
const current = process.versions.node.split('.').map(Number);

function older(version, than) {
  for (let i = 0; i < 3; i++) {
    const a = version[i] || 0;
    const b = than[i] || 0;
    if (a !== b) return a < b;
  }
  return false;
}

if (older(current, required)) {
  process.stderr.write(
    `sf jwt needs Node ${required.join('.')} or newer, but this is Node ${process.versions.node} (${process.execPath}): ` +
      'run it inside the Salesforce CLI as `sf jwt …`, or from a checkout of sfjwt with the project’s own Node as ' +
      '`node_modules/.bin/node apps/plugin-jwt/bin/run.js jwt …`.\n',
  );
  process.exit(1);
}
