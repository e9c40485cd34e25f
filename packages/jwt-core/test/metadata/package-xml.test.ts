import { strict as assert } from 'node:assert';
import { isJwtCoreError } from '../../src/errors.js';
import { FORCEIGNORE_SNIPPET, GITIGNORE_SNIPPET } from '../../src/metadata/ignore-rules.js';
import { METADATA_TYPES } from '../../src/metadata/metadata-types.js';
import { DEFAULT_METADATA_API_VERSION, buildPackageXml } from '../../src/metadata/package-xml.js';
import { buildSfdxProjectJson } from '../../src/metadata/source-project.js';
import { parseXml } from './xml-reader.js';

describe('buildPackageXml', () => {
  it('lists types and members sorted, without duplicates, with the version (golden)', () => {
    const xml = buildPackageXml(
      [
        { type: 'PermissionSet', fullName: 'Zed' },
        { type: 'ExternalClientApplication', fullName: 'App' },
        { type: 'PermissionSet', fullName: 'Alpha' },
        { type: 'PermissionSet', fullName: 'Zed' },
      ],
      { apiVersion: '66.0' },
    );
    assert.equal(
      xml,
      `<?xml version="1.0" encoding="UTF-8"?>
<Package xmlns="http://soap.sforce.com/2006/04/metadata">
    <types>
        <members>App</members>
        <name>ExternalClientApplication</name>
    </types>
    <types>
        <members>Alpha</members>
        <members>Zed</members>
        <name>PermissionSet</name>
    </types>
    <version>66.0</version>
</Package>
`,
    );
    assert.equal(parseXml(xml).root.name, 'Package');
  });

  it('defaults to API 64.0', () => {
    assert.equal(DEFAULT_METADATA_API_VERSION, '64.0');
    assert.match(buildPackageXml([]), /<version>64\.0<\/version>/);
  });

  for (const [apiVersion, text] of [
    ['64', 'is not of the form "64.0"'],
    ['v64.0', 'is not of the form "64.0"'],
    ['64.1', 'is not of the form "64.0"'],
    ['59.0', 'is older than 60.0, the first with an app certificate field'],
  ] as const) {
    it(`refuses apiVersion "${apiVersion}" with ERR_APP_API_VERSION_INVALID`, () => {
      assert.throws(
        () => buildPackageXml([], { apiVersion }),
        (err: unknown) =>
          isJwtCoreError(err, 'ERR_APP_API_VERSION_INVALID') &&
          err.message === `The API version (\`apiVersion\`) "${apiVersion}" ${text}.`,
      );
    });
  }
});

describe('buildSfdxProjectJson', () => {
  it('declares one default package directory and the source API version', () => {
    assert.equal(
      buildSfdxProjectJson({ name: 'jwt-app' }),
      `{
  "packageDirectories": [
    {
      "path": "force-app",
      "default": true
    }
  ],
  "name": "jwt-app",
  "namespace": "",
  "sourceApiVersion": "64.0"
}
`,
    );
  });

  for (const packageDirectory of ['', '/abs', '../up', 'a/../b', 'a\\b', 'a//b', 'with space', './x']) {
    it(`refuses packageDirectory ${JSON.stringify(packageDirectory)} with ERR_APP_PACKAGE_DIRECTORY_INVALID`, () => {
      assert.throws(
        () => buildSfdxProjectJson({ packageDirectory }),
        (err: unknown) => isJwtCoreError(err, 'ERR_APP_PACKAGE_DIRECTORY_INVALID'),
      );
    });
  }
});

describe('ignore snippets', () => {
  it('name the folder of the ECA global OAuth settings, the one file with a credential', () => {
    const folder = METADATA_TYPES.ecaGlobalOauthSettings.directoryName;
    assert.ok(GITIGNORE_SNIPPET.split('\n').includes(`**/${folder}/`));
    assert.ok(FORCEIGNORE_SNIPPET.split('\n').includes(`**/${folder}/**`));
    // Every other line is a comment or blank, so the snippets can be appended to existing files as they are.
    for (const snippet of [GITIGNORE_SNIPPET, FORCEIGNORE_SNIPPET]) {
      const rules = snippet.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
      assert.equal(rules.length, 1);
      assert.ok(snippet.endsWith('\n'));
    }
  });
});
