/** `--json` result of `sf jwt app generate`. The consumer key is the app's client id (the JWT's `iss`): printing it is the point. */
export type AppGenerateResult = {
  name: string;
  /** `external-client-app` or (legacy) `connected-app`. */
  type: 'external-client-app' | 'connected-app';
  consumerKey: string;
  /** True when generated now, false when given with --consumer-key. */
  consumerKeyGenerated: boolean;
  /** Absolute path of the project directory. */
  outputDir: string;
  /** The package directory inside it: the `--source-dir` to deploy. */
  packageDirectory: string;
  /** Every file written, absolute paths, in order. */
  files: string[];
  /** Files holding a credential (the consumer key): deploy them, never commit them. */
  credentialFiles: string[];
  /** The metadata components, as package.xml lists them. */
  components: Array<{ type: string; fullName: string }>;
  /** The permission set the files create, or null. */
  createdPermissionSet: string | null;
  /** The commands to run next, in order. */
  nextCommands: string[];
};
