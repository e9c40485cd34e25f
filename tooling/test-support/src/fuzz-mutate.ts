// Structured generators for the property files: valid inputs mutated the way real inputs go wrong (a piece dropped,
// a length off by one, a piece repeated, hostile characters spliced in, a different encoding), not only random bytes.
import fc from 'fast-check';

/** Characters that break parsers: controls, NUL, BOM, bidi overrides, lone surrogates, quotes, XML and URL syntax. */
export const hostileChar: fc.Arbitrary<string> = fc.constantFrom(
  '\u0000',
  '\u0001',
  '\u001b',
  '\u007f',
  '\t',
  '\r',
  '\n',
  '\r\n',
  ' ',
  '\u00a0',
  '\ufeff',
  '\u202e',
  '\u2028',
  '\ud800',
  '\udfff',
  '😀',
  'é',
  '"',
  "'",
  '<',
  '>',
  '&',
  ';',
  '=',
  '/',
  '\\',
  '%',
  '%00',
  '#',
  '?',
  '@',
  ':',
  '.',
  '-',
  '+',
  '*',
  '{',
  '}',
  '[',
  ']',
  ',',
  '$',
  '0',
  'A',
  'z',
  '-----',
  'BEGIN',
  'END',
);

/** Text mixing ordinary, hostile and full-Unicode characters. */
export const hostileText: fc.Arbitrary<string> = fc
  .array(fc.oneof(hostileChar, fc.string({ unit: 'binary', maxLength: 4 }), fc.string({ maxLength: 8 })), {
    maxLength: 12,
  })
  .map((parts) => parts.join(''));

type Mutation = (text: string) => string;

const at = (text: string, fraction: number): number => Math.floor(fraction * (text.length + 1));

/** One mutation of a string, as a function, with its parameters drawn by fast-check (so it shrinks). */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // a piece dropped
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 64 })).map(
    ([where, length]): Mutation =>
      (text) =>
        text.slice(0, at(text, where)) + text.slice(at(text, where) + length),
  ),
  // truncated (a length off by one at the end is the smallest case)
  fc.integer({ min: 1, max: 80 }).map(
    (cut): Mutation =>
      (text) =>
        text.slice(0, Math.max(0, text.length - cut)),
  ),
  // hostile text spliced in
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), hostileText).map(
    ([where, insert]): Mutation =>
      (text) =>
        text.slice(0, at(text, where)) + insert + text.slice(at(text, where)),
  ),
  // one character replaced
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), hostileChar).map(
    ([where, replacement]): Mutation =>
      (text) =>
        text.slice(0, at(text, where)) + replacement + text.slice(at(text, where) + 1),
  ),
  // a piece repeated (nesting, duplicated fields)
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 3 }))
    .map(([where, length, times]): Mutation => (text) => {
      const start = at(text, where);
      const piece = text.slice(start, start + length);
      return text.slice(0, start) + piece.repeat(times + 1) + text.slice(start + length);
    }),
  // line endings and case changed (an encoding of the same text)
  fc.constantFrom<Mutation>(
    (text) => text.replace(/\n/g, '\r\n'),
    (text) => text.replace(/\n/g, '\\n'),
    (text) => text.replace(/\n/g, ' '),
    (text) => text.toLowerCase(),
    (text) => text.trim(),
    (text) => `\ufeff${text}`,
  ),
);

/** `valid` mutated zero to `maxMutations` times (zero keeps some valid inputs in every run). */
export function mutatedText(valid: fc.Arbitrary<string>, maxMutations = 3): fc.Arbitrary<string> {
  return fc
    .tuple(valid, fc.array(mutation, { maxLength: maxMutations }))
    .map(([text, mutations]) => mutations.reduce((current, mutate) => mutate(current), text));
}

/** Bytes: `valid` with bytes flipped, dropped or appended (for DER, zip and other binary input). */
export function mutatedBytes(valid: fc.Arbitrary<Uint8Array>, maxMutations = 3): fc.Arbitrary<Buffer> {
  type ByteMutation = (bytes: Buffer) => Buffer;
  const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
    fc
      .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 }))
      .map(([where, value]) => (bytes: Buffer): Buffer => {
        const copy = Buffer.from(bytes);
        if (copy.length > 0) copy[Math.min(copy.length - 1, Math.floor(where * copy.length))] = value;
        return copy;
      }),
    fc
      .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 32 }))
      .map(([where, length]) => (bytes: Buffer): Buffer => {
        const start = Math.floor(where * bytes.length);
        return Buffer.concat([bytes.subarray(0, start), bytes.subarray(start + length)]);
      }),
    fc.integer({ min: 1, max: 64 }).map(
      (cut) =>
        (bytes: Buffer): Buffer =>
          bytes.subarray(0, Math.max(0, bytes.length - cut)),
    ),
    fc.uint8Array({ maxLength: 16 }).map(
      (extra) =>
        (bytes: Buffer): Buffer =>
          Buffer.concat([bytes, extra]),
    ),
  );
  return fc
    .tuple(valid, fc.array(byteMutation, { maxLength: maxMutations }))
    .map(([bytes, mutations]) => mutations.reduce<Buffer>((current, mutate) => mutate(current), Buffer.from(bytes)));
}
