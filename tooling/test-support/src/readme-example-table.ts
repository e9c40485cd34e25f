// The table a package's README-example test fills in: which README, which packages an app installs, and for each
// example of the README what running it means (its cases), or why it is only compiled, or which example it quotes.
import type { NodeRuntime } from './node-runtimes.js';
import type { ProcessResult } from './run-processes.js';

/** The two ways an app loads the packages: the example as written (an ES module), and its CommonJS form. */
export type ModuleForm = 'ES module' | 'CommonJS';

/** One run of an example: the Node, the module form, and the folder it runs in (its own, inside the app project). */
export interface ExampleRun {
  node: NodeRuntime;
  form: ModuleForm;
  dir: string;
}

/** What one run needs, made fresh for it (its own emulator, files in its folder), and how its outputs are judged. */
export interface PreparedRun {
  /** The whole environment of the example's processes (nothing is inherited but PATH). */
  env: Record<string, string>;
  /** How many processes of the example start together (default 1). */
  processes?: number;
  /** Throws (an assertion) when the outputs are not what the README promises. */
  check(outputs: readonly ProcessResult[]): void;
  stop?(): Promise<void>;
}

/** One situation an example is run in (a working setup, a rejected login, Redis down…). */
export interface ExampleCase {
  name: string;
  prepare(run: ExampleRun): Promise<PreparedRun>;
}

/** What the table says of one example. */
export type ExampleRole =
  | { cases: readonly ExampleCase[] }
  /** Compiled only: why there is nothing to run (say it in the report). */
  | { typesOnly: string }
  /** Lines quoted from the example found by this marker, which runs: each of its lines must be there verbatim. */
  | { excerptOf: string }
  /** The same block as in this other README (a path), whose matrix runs and compiles it. */
  | { sameAs: string };

/** One fenced ```js or ```ts block of the README, found by a marker only it contains. */
export interface ReadmeExample {
  name: string;
  marker: string;
  role: ExampleRole;
  /** A file of the repository that keeps the same text (for running it from a checkout), verbatim. */
  file?: string;
}

/** A package's README examples and the app project they run and compile in. */
export interface ReadmeExampleTable {
  readme: string;
  /** sfjwt's packages the app installs: name → workspace folder (built). */
  copied: Readonly<Record<string, string>>;
  /** Third-party packages the app installs: name → installed folder. */
  linked: Readonly<Record<string, string>>;
  /**
   * On Node 20, what the README tells the user to install instead (e.g. an older jsforce): name → installed folder.
   * The README must name each as `<name>@<its version>`.
   */
  node20Linked?: Readonly<Record<string, string>>;
  typeScript: {
    /** The README whose ```json block with "compilerOptions" is the app's tsconfig.json. */
    tsconfigReadme: string;
    /** The README's advice for Node's types (`npm install --save-dev @types/node`), followed by the app project. */
    nodeTypesAdvice: string;
    /**
     * The README's promise of what the examples' build without them says (the line to act on); absent where the
     * workspace cannot reproduce that build (a linked package's own types find pnpm's @types/node).
     */
    missingNodeTypesError?: string;
    /** Options the README adds to that tsconfig.json; it must show each as `"<name>": <value>`. */
    extraCompilerOptions?: Readonly<Record<string, unknown>>;
  };
  examples: readonly ReadmeExample[];
}
