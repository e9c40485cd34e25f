/** Shapes shared by the app metadata builders. Plain data: safe to serialise for `--json`. */

/**
 * One file of a source-format directory.
 *
 * @example
 * ```ts
 * for (const file of app.files) console.log(file.path, file.contents.length)
 * ```
 */
export interface MetadataFile {
  /**
   * Path with `/` separators. Component files from {@link buildExternalClientApp} and {@link buildConnectedApp} are
   * relative to a package directory's `main/default` folder (for example
   * `externalClientApps/My_App.eca-meta.xml`); {@link buildSourceProject} returns paths relative to the project root.
   */
  readonly path: string;
  /** UTF-8 text. */
  readonly contents: string;
}

/**
 * A metadata component, as listed in package.xml.
 *
 * @example
 * ```ts
 * const component: MetadataComponent = { type: 'ExternalClientApplication', fullName: 'Billing_Sync' }
 * ```
 */
export interface MetadataComponent {
  /** The type name, e.g. `ExternalClientApplication`. */
  readonly type: string;
  /** The component's API name (package.xml `<members>`). */
  readonly fullName: string;
}

/**
 * What an app builder returns: the files, the components they hold, and the consumer key they carry.
 *
 * @example
 * ```ts
 * const result: AppMetadata = buildExternalClientApp({ name: 'Billing_Sync', certificate: certificatePem, contactEmail: 'admin@example.com', profiles: ['System Administrator'] })
 * console.log(result.consumerKey, result.credentialFiles)
 * ```
 */
export interface AppMetadata {
  /** `external-client-app` or (legacy) `connected-app`. */
  readonly kind: 'external-client-app' | 'connected-app';
  /** The app's API name. */
  readonly name: string;
  /** The consumer key (OAuth client id) written into the files: the JWT's `iss`. */
  readonly consumerKey: string;
  /** True when the builder generated the consumer key, false when it was given. */
  readonly consumerKeyGenerated: boolean;
  /** The component files, paths relative to a package directory's `main/default` folder. */
  readonly files: readonly MetadataFile[];
  /** One entry per file, in the same order. */
  readonly components: readonly MetadataComponent[];
  /**
   * Paths (among `files`) that hold a credential and must stay out of source control: the External Client App's
   * global OAuth settings. Empty for a Connected App, whose consumer key is only settable at creation.
   */
  readonly credentialFiles: readonly string[];
}
