/** A value as one POSIX shell word: as is when it holds only plain characters, else single-quoted. */
export function shellWord(value: string): string {
  return /^[\w./@+=:,-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}
