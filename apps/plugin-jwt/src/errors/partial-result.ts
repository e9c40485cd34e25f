/**
 * A failure that still has something to show: sf prints an error's `result` in the `--json` envelope, so a command
 * can fail (exit 1) and still return what it found (e.g. both descriptions when a key and certificate differ).
 */
export class PartialResult<T> extends Error {
  public constructor(
    /** What went wrong, as thrown (mapped to an SfError by the command). */
    public readonly error: unknown,
    /** What was found before it went wrong. */
    public readonly result: T,
  ) {
    super('a failure with a partial result');
    this.name = 'PartialResult';
  }
}
