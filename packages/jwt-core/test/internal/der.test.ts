import { strict as assert } from 'node:assert';
import {
  bitString,
  bmpString,
  integer,
  oid,
  sequence,
  setOf,
  time,
  unsignedInteger,
  utf8String,
} from '../../src/internal/der.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('internal/der', () => {
  it('encodes OIDs (X.690 §8.19)', () => {
    assert.equal(hex(oid('1.2.840.113549.1.1.11')), '06092a864886f70d01010b');
    assert.equal(hex(oid('2.5.29.19')), '0603551d13');
  });

  it('encodes non-negative integers minimally', () => {
    assert.equal(hex(unsignedInteger(Uint8Array.of(0))), '020100');
    assert.equal(hex(unsignedInteger(Uint8Array.of(0, 0, 0x7f))), '02017f');
    assert.equal(hex(unsignedInteger(Uint8Array.of(0x80))), '02020080');
    assert.equal(hex(unsignedInteger(Uint8Array.of(0, 0x80))), '02020080');
  });

  it('uses the long length form from 128 bytes', () => {
    assert.equal(hex(utf8String('a'.repeat(127))).slice(0, 4), '0c7f');
    assert.equal(hex(utf8String('a'.repeat(128))).slice(0, 6), '0c8180');
    assert.equal(hex(utf8String('a'.repeat(300))).slice(0, 8), '0c82012c');
  });

  it('writes UTCTime before 2050 and GeneralizedTime from 2050 (RFC 5280 §4.1.2.5)', () => {
    assert.equal(Buffer.from(time(Date.parse('2049-12-31T23:59:59.999Z')).subarray(2)).toString(), '491231235959Z');
    assert.equal(time(Date.parse('2049-12-31T23:59:59Z'))[0], 0x17);
    assert.equal(Buffer.from(time(Date.parse('2050-01-01T00:00:00Z')).subarray(2)).toString(), '20500101000000Z');
    assert.equal(time(Date.parse('2050-01-01T00:00:00Z'))[0], 0x18);
  });

  it('builds sequences, sorted sets and bit strings', () => {
    assert.equal(hex(sequence()), '3000');
    assert.equal(hex(setOf(Uint8Array.of(2, 1, 9), Uint8Array.of(2, 1, 1))), '3106020101020109');
    assert.equal(hex(bitString(Uint8Array.of(0xa0), 5)), '030205a0');
  });

  it('encodes iteration counts and BMPStrings (PKCS#12)', () => {
    assert.equal(hex(integer(0)), '020100');
    assert.equal(hex(integer(2048)), '02020800');
    assert.equal(hex(integer(10_000)), '02022710');
    assert.equal(hex(integer(40_000)), '0203009c40');
    assert.throws(() => integer(-1), RangeError);
    assert.equal(hex(bmpString('Ab_1')), '1e0800410062005f0031');
  });
});
