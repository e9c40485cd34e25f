/**
 * User-supplied text quoted in a message is shown in part when it is long: a 100 KB alias or name echoed whole would
 * bury the message (and a terminal) under it.
 */

/** How many characters of a long value are shown. */
export const PREVIEW_LENGTH = 100;

/**
 * The value as it can be quoted in a message: unchanged when short, else its first {@link PREVIEW_LENGTH} characters
 * followed by how long it really is.
 *
 * @param value - Text the user gave (a flag value, a name).
 * @param max - How many characters to keep; default {@link PREVIEW_LENGTH}.
 * @returns For example `"aaaa…" (100000 characters)` for a long value — without the quotes, which the caller adds.
 *
 * @example
 * ```ts
 * previewText('acme_ci') // 'acme_ci'
 * previewText('a'.repeat(100_000)) // the first 100 a's, then '… (100000 characters)'
 * ```
 */
export function previewText(value: string, max: number = PREVIEW_LENGTH): string {
  const characters = [...value];
  if (characters.length <= max) return value;
  return `${characters.slice(0, max).join('')}… (${characters.length} characters)`;
}
