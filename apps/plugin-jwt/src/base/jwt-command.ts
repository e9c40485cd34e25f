/**
 * The base of every `sf jwt` command. It owns what each command used to repeat: mapping whatever a service throws
 * to the SfError sf prints (stable code, message, actions, exit code), and where secrets and the clock come from.
 * A command's run() is then: parse the flags, call a service through {@link JwtCommand.guard}, render, return.
 */
import { homedir } from 'node:os';
import { format } from 'node:util';
import type { Command, Config, Interfaces } from '@oclif/core';
import { SfCommand } from '@salesforce/sf-plugins-core';
import { isTokenExchangeError } from '../errors/core-errors.js';
import { withClassExitCode } from '../errors/exit-codes.js';
import { grantRejectedError } from '../errors/grant-rejected.js';
import { PartialResult } from '../errors/partial-result.js';
import { sanitizeError } from '../errors/sanitize-error.js';
import { toSfError } from '../errors/to-sf-error.js';
import { maskInCi } from '../io/ci-mask.js';
import { explainInterrupt, handleInterrupts, type InterruptScope } from '../io/interrupts.js';
import { secretEnvironment } from '../io/secret-env.js';
import { secretSources } from '../io/secrets.js';
import { assertSfStateBounded, sfConfigFiles, sfStateError } from '../io/sf-state.js';
import { displayBlock, displayCell, displayField, MAX_LINE_CHARS, MAX_OUTPUT_LINE_CHARS } from '../render/sanitize.js';
import type { ServiceContext } from '../services/context.js';
import { serverText } from '../text/server-text.js';
import { CleanSpinner } from './clean-spinner.js';
import { loadedConfig } from './loaded-config.js';

type TableOptions<R extends Record<string, unknown>> = Parameters<SfCommand<unknown>['table']>[0] & { data: R[] };

/** `message` with its `%s` arguments filled in, each marked as server text (a line break in one is quoted). */
function formatted(message: string, args: readonly unknown[]): string {
  return args.length === 0
    ? message
    : format(message, ...args.map((arg) => (typeof arg === 'string' ? serverText(arg) : arg)));
}

/** A warning or info with its message and actions cleaned. */
function cleanNotice<N extends SfCommand.Warning | SfCommand.Info>(input: N): N {
  if (typeof input === 'string') return displayBlock(input) as N;
  const notice = input as Exclude<N, string>;
  return {
    ...notice,
    message: displayBlock(notice.message),
    ...(notice.actions === undefined ? {} : { actions: notice.actions.map((a) => displayBlock(a)) }),
  };
}

export abstract class JwtCommand<T> extends SfCommand<T> {
  /**
   * oclif's run, with the CLI's loaded Config used as it is when it has our shape instead of rebuilt (see
   * base/loaded-config.ts: that rebuild was ~30 ms of CPU inside sf).
   */
  public static override async run<C extends Command>(
    this: new (argv: string[], config: Config) => C,
    argv: string[] = process.argv.slice(2),
    opts?: Interfaces.LoadOptions,
  ): Promise<ReturnType<C['run']>> {
    const config = loadedConfig(opts);
    if (config === undefined) return super.run.call(this, argv, opts) as Promise<ReturnType<C['run']>>;
    // oclif's own start of a command (Command.run does the same after loading its Config); _run is protected.
    const command: unknown = new this(argv, config);
    return (command as { _run(): Promise<ReturnType<C['run']>> })._run();
  }

  /** Ctrl-C / SIGTERM: abort, remove our temp files, exit 130 / 143 without a stack (see io/interrupts.ts). */
  private interrupts: InterruptScope | undefined;

  /** True once {@link JwtCommand.catch} has printed this run's error. */
  private caught = false;

  /**
   * sf-plugins-core reads sf's config files before init() and run(), outside catch(): a broken one (a folder, a file
   * past the cap, one core cannot read) would end the command with core's raw error and exit 1. The files are checked
   * first, and what core throws there goes through catch() as one of our coded errors.
   */
  public override async _run<R>(): Promise<R> {
    try {
      await assertSfStateBounded(sfConfigFiles(homedir(), process.cwd()));
      return await super._run<R>();
    } catch (err) {
      if (this.caught) throw err;
      return this.catch(sfStateError(err, undefined));
    }
  }

  public override async finally(err: Error | undefined): Promise<void> {
    this.interrupts?.dispose();
    await super.finally(err);
  }

  /**
   * Runs a service call; anything it throws is rethrown as {@link JwtCommand.mapError} maps it.
   *
   * @param work - The service call.
   */
  protected async guard<R>(work: () => R | Promise<R>): Promise<R> {
    try {
      return await work();
    } catch (err) {
      throw this.mapError(err);
    }
  }

  /**
   * Maps anything thrown to the error sf prints: a rejected grant with its attempts and ranked causes, jwt-core's
   * coded errors by code, the plugin's own as they are, oclif's parse errors unchanged, anything else
   * `ERR_UNEXPECTED`. A {@link PartialResult} keeps its result on the error (sf prints it in --json). Commands
   * override this to adjust an error (calling super first).
   */
  protected mapError(err: unknown): Error {
    if (err instanceof PartialResult) return Object.assign(this.mapError(err.error), { result: err.result as unknown });
    return isTokenExchangeError(err) ? grantRejectedError(err) : toSfError(err);
  }

  /**
   * Fails with `error` and keeps `result` in the --json envelope (`result`), for a command whose work is a
   * checklist: it fails like every other command, with a top-level `code` and its class's exit code.
   */
  protected failWith(error: unknown, result: T): never {
    throw this.mapError(new PartialResult(error, result));
  }

  /**
   * What services get: `process.env` (with the old SF_JWT_* secret names mapped to SFJWT_*, and a warning for each),
   * `Date.now`, the secret sources (the hidden prompt only when stdin and stdout are terminals), this command's
   * warn(), the signal that aborts when the user interrupts and the CI mask for access tokens.
   */
  protected services(): ServiceContext {
    const { env, warnings } = secretEnvironment(process.env);
    for (const warning of warnings) this.warn(warning);
    return {
      env,
      now: Date.now,
      secrets: secretSources((message) => this.secretPrompt({ message }), env),
      warn: (message) => void this.warn(message),
      signal: (this.interrupts ??= handleInterrupts()).signal,
      mask: (secret) => maskInCi(secret, env),
      // The interruption's line is this command's output too: cleaned here like every line it prints.
      explainInterrupt: (sentence) => explainInterrupt(displayField(sentence, MAX_OUTPUT_LINE_CHARS)),
    };
  }

  // The output boundary: every printed byte passes render/sanitize's rule (whole escape sequences removed, bidi
  // controls neutralised, marked server text quoted, long lines cut) here, not in each caller. sf's own formatting
  // (the coloured "Warning:" prefix, the error block) is added after the rule, inside printingFormatted(), so that
  // its colours survive while everything it wraps was already cleaned.

  /** Depth of sf formatting in progress around text this class already cleaned. */
  private formattedDepth = 0;

  public constructor(argv: string[], config: Config) {
    super(argv, config);
    // Before SfCommand._run installs its own signal listeners (which would print an ExitError stack): see io/interrupts.
    this.interrupts = handleInterrupts();
    this.spinner = new CleanSpinner(!this.jsonEnabled());
  }

  /** Logs `message` (stdout; silent under --json). Format arguments (`%s`) are data: quoted as server text. */
  public override log(message?: string, ...args: unknown[]): void {
    if (this.formattedDepth > 0 || message === undefined) return super.log(message, ...args);
    super.log(displayBlock(formatted(message, args), MAX_OUTPUT_LINE_CHARS));
  }

  /** Logs `message` to stderr (silent under --json), like {@link JwtCommand.log}. */
  public override logToStderr(message?: string, ...args: unknown[]): void {
    if (this.formattedDepth > 0 || message === undefined) return super.logToStderr(message, ...args);
    super.logToStderr(displayBlock(formatted(message, args), MAX_OUTPUT_LINE_CHARS));
  }

  /** Logs a success line, cleaned before sf colours it. */
  public override logSuccess(message: string): void {
    this.printingFormatted(() => super.logSuccess(displayBlock(message)));
  }

  /** Warns (stderr, or the --json envelope's warnings), cleaned before sf formats it. */
  public override warn(input: SfCommand.Warning): SfCommand.Warning {
    return this.printingFormatted(() => super.warn(cleanNotice(input)));
  }

  /** An info line with its actions, cleaned before sf colours it. */
  public override info(input: SfCommand.Info): void {
    this.printingFormatted(() => super.info(cleanNotice(input)));
  }

  /** A header: one line, cleaned (it may hold a certificate's subject). */
  public override styledHeader(text: string): void {
    super.styledHeader(displayField(text, MAX_LINE_CHARS));
  }

  /** A table: its title and every text cell cleaned as one-line fields (a cell never forges a row). */
  public override table<R extends Record<string, unknown>>(options: TableOptions<R>): void {
    super.table({
      ...options,
      ...(typeof options.title === 'string' ? { title: displayField(options.title, MAX_LINE_CHARS) } : {}),
      data: options.data.map(
        (row) =>
          Object.fromEntries(
            Object.entries(row).map(([key, value]) => [key, typeof value === 'string' ? displayCell(value) : value]),
          ) as R,
      ),
    });
  }

  /** Runs sf's own formatting of text already cleaned, so that log()/logToStderr() pass it through as it is. */
  private printingFormatted<R>(print: () => R): R {
    this.formattedDepth++;
    try {
      return print();
    } finally {
      this.formattedDepth--;
    }
  }

  /**
   * Prints the error as sf does, after sanitizing its message, actions and data: every path to an error message —
   * a service's failure, a flag parse error that echoes a value, anything thrown outside guard() — passes here. Its
   * exit code becomes its failure class's (errors/exit-codes.ts), the same in the --json envelope.
   */
  protected override async catch(error: Error): Promise<never> {
    this.caught = true;
    const clean = sanitizeError(withClassExitCode(error));
    // super.catch prints synchronously, then throws: the whole print happens inside printingFormatted().
    return this.printingFormatted(() => super.catch(clean));
  }
}
