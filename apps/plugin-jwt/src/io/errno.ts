/** What a Node system error says, in words, for the plugin's file errors. */

/** "permission denied (EACCES)" from a Node system error, without its stack or class. */
export function describeErrno(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const reason =
    typeof e.message === 'string' ? e.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '') : String(err);
  return e.code === undefined ? reason : `${reason} (${e.code})`;
}
