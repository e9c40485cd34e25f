// Salesforce record ids: 15 case-sensitive characters plus a 3-character case checksum (the 18-character form).
import { createHash, randomInt } from 'node:crypto';

const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The 3-character suffix that makes a 15-character id case-insensitively unique. */
export function idChecksum(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const code = id15.charCodeAt(chunk * 5 + i);
      if (code >= 65 && code <= 90) bits |= 1 << i;
    }
    suffix += CHECKSUM_ALPHABET[bits];
  }
  return suffix;
}

/**
 * Why an id is not an 18-character id with `prefix`, or undefined when it is.
 * @param id the id to check
 * @param prefix the key prefix (`00D` org, `005` user)
 */
export function idProblem(id: string, prefix: string): string | undefined {
  if (!/^[0-9A-Za-z]{18}$/.test(id)) return `must be an 18-character alphanumeric Salesforce id (got "${id}")`;
  if (!id.startsWith(prefix)) return `must start with "${prefix}" (got "${id}")`;
  const expected = idChecksum(id.slice(0, 15));
  if (id.slice(15) !== expected) {
    return `has a wrong checksum suffix "${id.slice(15)}": the 18-character form is "${id.slice(0, 15)}${expected}"`;
  }
  return undefined;
}

/** A random, well-formed 18-character id such as `00D5g000004AbCdEAB` (prefix, pod, zeros, six random). */
export function randomId(prefix: string): string {
  let tail = '';
  for (let i = 0; i < 6; i++) tail += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  const id15 = `${prefix}5g0000${tail}`;
  return id15 + idChecksum(id15);
}

/** `length` random alphanumeric characters. */
export function randomAlphanumeric(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

/** The 18-character form of a 15-character id. */
export function to18(id15: string): string {
  return id15 + idChecksum(id15);
}

/**
 * A stable 18-character id for a named thing (a profile or permission set of an org): the same seed always gives the
 * same id, so queries answer the same ids across emulator runs.
 */
export function derivedId(prefix: string, seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  let tail = '';
  for (let i = 0; i < 7; i++) tail += ALPHANUMERIC[(digest[i] ?? 0) % ALPHANUMERIC.length];
  const id15 = `${prefix}5g0000${tail}`.slice(0, 15);
  return id15 + idChecksum(id15);
}
