/**
 * The base of every `sf jwt` command. It owns what each command used to repeat: mapping whatever a service throws
 * to the SfError sf prints (stable code, message, actions, exit code), and where secrets and the clock come from.
 * A command's run() is then: parse the flags, call a service through {@link JwtCommand.guard}, render, return.
 */
import { SfCommand, StandardColors } from '@salesforce/sf-plugins-core';
import { isTokenExchangeError } from '../errors/core-errors.js';
import { grantRejectedError } from '../errors/grant-rejected.js';
import { PartialResult } from '../errors/partial-result.js';
import { sanitizeError } from '../errors/sanitize-error.js';
import { toSfError } from '../errors/to-sf-error.js';
import { handleInterrupts, type InterruptScope } from '../io/interrupts.js';
import { secretEnvironment } from '../io/secret-env.js';
import { secretSources } from '../io/secrets.js';
import { displayBlock, MAX_OUTPUT_LINE_CHARS } from '../render/sanitize.js';
import type { ServiceContext } from '../services/context.js';

export abstract class JwtCommand<T> extends SfCommand<T> {
  /** Ctrl-C / SIGTERM: abort, remove our temp files, exit 130 / 143 without a stack (see io/interrupts.ts). */
  private interrupts: InterruptScope | undefined;

  public override async init(): Promise<void> {
    this.interrupts = handleInterrupts();
    await super.init();
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
  protected async guard<R>(work: () => Promise<R>): Promise<R> {
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
   * What services get: `process.env` (with the old SF_JWT_* secret names mapped to SFJWT_*, and a warning for each),
   * `Date.now`, the secret sources (the hidden prompt only when stdin and stdout are terminals), this command's
   * warn() and the signal that aborts when the user interrupts.
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
    };
  }

  // Everything printed passes render/sanitize's rule (no escapes or control characters, long lines cut): renderers
  // cap each server- or user-supplied field; these overrides are the backstop for whole lines, and catch() for
  // errors. Colours are added after sanitizing (so sf's own colours survive).

  /** Logs `message` sanitized (stdout; silent under --json). */
  public override log(message?: string, ...args: unknown[]): void {
    super.log(message === undefined ? message : displayBlock(message, MAX_OUTPUT_LINE_CHARS), ...args);
  }

  /** Logs a success line, sanitized before sf colours it. */
  public override logSuccess(message: string): void {
    super.log(StandardColors.success(displayBlock(message)));
  }

  /** Warns (stderr, or the --json envelope's warnings), sanitized. */
  public override warn(input: SfCommand.Warning): SfCommand.Warning {
    if (typeof input === 'string') return super.warn(displayBlock(input));
    return super.warn({
      ...input,
      message: displayBlock(input.message),
      ...(input.actions === undefined ? {} : { actions: input.actions.map((a) => displayBlock(a)) }),
    });
  }

  /** A header, sanitized (it may hold a certificate's subject). */
  public override styledHeader(text: string): void {
    super.styledHeader(displayBlock(text));
  }

  /**
   * Prints the error as sf does, after sanitizing its message, actions and data: every path to an error message —
   * a service's failure, a flag parse error that echoes a value, anything thrown outside guard() — passes here.
   */
  protected override async catch(error: Error): Promise<never> {
    return super.catch(sanitizeError(error));
  }
}
