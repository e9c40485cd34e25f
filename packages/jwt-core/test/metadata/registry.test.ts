// The folders, suffixes and root elements we write must be the ones the sf CLI's own metadata registry
// (@salesforce/source-deploy-retrieve, in the workspace through the sf CLI devDependency) resolves: a registry change
// that would make `sf project deploy start` misread our files fails here.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildConnectedApp } from '../../src/metadata/connected-app.js';
import { buildExternalClientApp } from '../../src/metadata/external-client-app.js';
import { METADATA_TYPES } from '../../src/metadata/metadata-types.js';
import { CERT_PEM, KEY } from './fixtures.js';
import { parseXml } from './xml-reader.js';

interface RegistryType {
  readonly name: string;
  readonly directoryName?: string;
  readonly suffix?: string;
  readonly inFolder?: boolean;
  readonly strictDirectoryName?: boolean;
}

const STORE = fileURLToPath(new URL('../../../../node_modules/.pnpm/', import.meta.url));
const REGISTRY = 'node_modules/@salesforce/source-deploy-retrieve/lib/src/registry/metadataRegistry.json';

/** Every installed copy of the registry (one per installed source-deploy-retrieve version). */
function installedRegistries(): { version: string; types: RegistryType[] }[] {
  return readdirSync(STORE)
    .filter((dir) => dir.startsWith('@salesforce+source-deploy-retrieve@'))
    .map((dir) => ({ dir, file: `${STORE}${dir}/${REGISTRY}` }))
    .filter(({ file }) => existsSync(file))
    .map(({ dir, file }) => {
      const json = JSON.parse(readFileSync(file, 'utf8')) as { types: Record<string, RegistryType> };
      return { version: dir.slice('@salesforce+'.length), types: Object.values(json.types) };
    });
}

describe('metadata registry conformance', () => {
  const registries = installedRegistries();

  it('finds the installed registry of the sf CLI', () => {
    assert.ok(registries.length > 0, `no source-deploy-retrieve registry under ${STORE}`);
  });

  for (const [id, ours] of Object.entries(METADATA_TYPES)) {
    it(`${ours.name} (${id}): folder ${ours.directoryName}, suffix .${ours.suffix} as in every installed registry`, () => {
      for (const { version, types } of registries) {
        const theirs = types.find((t) => t.name === ours.name);
        assert.ok(theirs !== undefined, `${ours.name} missing from ${version}`);
        assert.equal(theirs.directoryName, ours.directoryName, version);
        assert.equal(theirs.suffix, ours.suffix, version);
        assert.notEqual(theirs.inFolder, true, version);
      }
    });
  }

  it('every file the builders emit resolves, by folder and suffix, to the type its root element names', () => {
    const files = [
      ...buildExternalClientApp({
        name: 'Reg_App',
        certificate: CERT_PEM,
        contactEmail: 'a@example.com',
        consumerKey: KEY,
        profiles: ['System Administrator'],
        createPermissionSet: { name: 'Reg_PS' },
      }).files,
      ...buildConnectedApp({
        name: 'Reg_CA',
        certificate: CERT_PEM,
        consumerKey: KEY,
        contactEmail: 'a@example.com',
        profiles: ['P'],
      }).files,
    ];
    assert.equal(files.length, 7);
    for (const { types, version } of registries) {
      for (const file of files) {
        const match = /^([^/]+)\/([A-Za-z][A-Za-z0-9_]*)\.([A-Za-z]+)-meta\.xml$/.exec(file.path);
        assert.ok(match !== null, file.path);
        const [, directoryName, fullName, suffix] = match;
        const resolved = types.filter((t) => t.suffix === suffix);
        assert.equal(resolved.length, 1, `${version}: suffix .${suffix} must name one type`);
        assert.equal(resolved[0]!.directoryName, directoryName, `${version}: ${file.path}`);
        assert.equal(parseXml(file.contents).root.name, resolved[0]!.name, `${version}: root of ${file.path}`);
        assert.ok(fullName !== undefined && fullName.length <= 40, file.path);
      }
    }
  });
});
