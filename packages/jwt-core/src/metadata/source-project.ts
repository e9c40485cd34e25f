/**
 * A whole Salesforce DX project around an app's files: sfdx-project.json, the package directory, and
 * manifest/package.xml. `sf project deploy start --source-dir <packageDirectory>` (run in the project) or
 * `--manifest manifest/package.xml` deploys it as is.
 */
import { AppMetadataError } from './app-metadata-error.js';
import { DEFAULT_METADATA_API_VERSION, buildPackageXml, checkApiVersion } from './package-xml.js';
import { printable } from './names.js';
import type { AppMetadata, MetadataFile } from './types.js';

/**
 * Package directory used when none is given: the one `sf project generate` makes.
 *
 * @example
 * ```ts
 * const sourceDir = `${DEFAULT_PACKAGE_DIRECTORY}/main/default` // where the app's files go
 * ```
 */
export const DEFAULT_PACKAGE_DIRECTORY = 'force-app';

/**
 * Where {@link buildSourceProject} puts package.xml: outside the package directory, as `sf project generate` does.
 *
 * @example
 * ```ts
 * const manifest = buildSourceProject({ app }).files.find((f) => f.path === PACKAGE_XML_PATH)
 * ```
 */
export const PACKAGE_XML_PATH = 'manifest/package.xml';

/**
 * Options of {@link buildSfdxProjectJson}.
 *
 * @example
 * ```ts
 * const options: SfdxProjectOptions = { packageDirectory: 'force-app', apiVersion: '64.0', name: 'jwt-app' }
 * const json = buildSfdxProjectJson(options)
 * ```
 */
export interface SfdxProjectOptions {
  /** The one package directory, relative, `/`-separated; default `force-app`. */
  readonly packageDirectory?: string | undefined;
  /** `sourceApiVersion`, `NN.0`, 60.0 or later; default {@link DEFAULT_METADATA_API_VERSION}. */
  readonly apiVersion?: string | undefined;
  /** The project's `name`; omitted when not given. */
  readonly name?: string | undefined;
}

/**
 * Builds sfdx-project.json text: one default package directory, no namespace, the source API version.
 *
 * @throws {@link AppMetadataError} `ERR_APP_PACKAGE_DIRECTORY_INVALID`, `ERR_APP_API_VERSION_INVALID`
 *
 * @example
 * ```ts
 * import { buildSfdxProjectJson } from '@sfjwt/jwt-core'
 *
 * const json = buildSfdxProjectJson({ packageDirectory: 'force-app', apiVersion: '64.0' })
 * ```
 */
export function buildSfdxProjectJson(options: SfdxProjectOptions = {}): string {
  const path = checkPackageDirectory(options.packageDirectory ?? DEFAULT_PACKAGE_DIRECTORY);
  const sourceApiVersion = checkApiVersion(options.apiVersion ?? DEFAULT_METADATA_API_VERSION);
  const project = {
    packageDirectories: [{ path, default: true }],
    ...(options.name === undefined ? {} : { name: options.name }),
    namespace: '',
    sourceApiVersion,
  };
  return JSON.stringify(project, null, 2) + '\n';
}

/**
 * Options of {@link buildSourceProject}.
 *
 * @example
 * ```ts
 * const options: SourceProjectOptions = { app, packageDirectory: 'force-app' }
 * const project = buildSourceProject(options)
 * ```
 */
export interface SourceProjectOptions extends Omit<SfdxProjectOptions, 'name'> {
  /** What {@link buildExternalClientApp} or {@link buildConnectedApp} returned. */
  readonly app: AppMetadata;
}

/**
 * A deployable project: every file, paths relative to the project root.
 *
 * @example
 * ```ts
 * const project: SourceProject = buildSourceProject({ app })
 * console.log(`sf project deploy start --source-dir ${project.packageDirectory}`)
 * ```
 */
export interface SourceProject {
  /** sfdx-project.json, manifest/package.xml, and the app's files under `<packageDirectory>/main/default/`. */
  readonly files: readonly MetadataFile[];
  /** The package directory: the `--source-dir` to deploy. */
  readonly packageDirectory: string;
  /** Project-relative paths of the files holding a credential (keep them out of source control). */
  readonly credentialFiles: readonly string[];
}

/**
 * Builds a Salesforce DX project holding an app: write every file under one directory, and
 * `sf project deploy start --source-dir force-app` run in it deploys the app (so does `--manifest
 * manifest/package.xml`).
 *
 * @throws {@link AppMetadataError} `ERR_APP_PACKAGE_DIRECTORY_INVALID`, `ERR_APP_API_VERSION_INVALID`
 *
 * @example
 * ```ts
 * import { buildExternalClientApp, buildSourceProject } from '@sfjwt/jwt-core'
 *
 * const app = buildExternalClientApp({ name: 'Billing_Sync', certificate: certificatePem, contactEmail: 'admin@example.com', profiles: ['System Administrator'] })
 * const project = buildSourceProject({ app, apiVersion: '64.0' })
 * // project.files: sfdx-project.json, manifest/package.xml, force-app/main/default/externalClientApps/Billing_Sync.eca-meta.xml, …
 * ```
 */
export function buildSourceProject(options: SourceProjectOptions): SourceProject {
  const packageDirectory = checkPackageDirectory(options.packageDirectory ?? DEFAULT_PACKAGE_DIRECTORY);
  const apiVersion = checkApiVersion(options.apiVersion ?? DEFAULT_METADATA_API_VERSION);
  const { app } = options;
  const base = `${packageDirectory}/main/default/`;
  const files: MetadataFile[] = [
    { path: 'sfdx-project.json', contents: buildSfdxProjectJson({ packageDirectory, apiVersion, name: app.name }) },
    { path: PACKAGE_XML_PATH, contents: buildPackageXml(app.components, { apiVersion }) },
    ...app.files.map((file) => ({ path: base + file.path, contents: file.contents })),
  ];
  return { files, packageDirectory, credentialFiles: app.credentialFiles.map((path) => base + path) };
}

/** A relative, `/`-separated path of plain segments (letters, digits, `.`, `_`, `-`), never leaving the project. */
function checkPackageDirectory(value: string): string {
  const segments = value.split('/');
  const bad = value === '' || segments.some((s) => !/^[A-Za-z0-9._-]+$/.test(s) || s === '.' || s === '..');
  if (bad) {
    throw new AppMetadataError(
      'ERR_APP_PACKAGE_DIRECTORY_INVALID',
      `The package directory (\`packageDirectory\`) "${printable(value)}" is not a relative path of plain folder names.`,
      {
        fix: `Give a relative folder such as "${DEFAULT_PACKAGE_DIRECTORY}" (letters, digits, ".", "_", "-", separated by "/"), or leave \`packageDirectory\` out.`,
      },
    );
  }
  return value;
}
