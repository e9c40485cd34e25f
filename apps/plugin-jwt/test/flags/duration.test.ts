// --expiring-within's durations: the forms people write, in milliseconds; anything else refused.
import { strict as assert } from 'node:assert';
import { parseDuration } from '../../src/flags/duration.js';

const DAY = 86_400_000;

describe('parseDuration', () => {
  const cases: Array<[string, number]> = [
    ['30d', 30 * DAY],
    ['30 days', 30 * DAY],
    ['1 day', DAY],
    ['30', 30 * DAY],
    ['4w', 28 * DAY],
    ['2 weeks', 14 * DAY],
    ['720h', 30 * DAY],
    ['36 hours', 1.5 * DAY],
    ['2mo', 60 * DAY],
    ['1 month', 30 * DAY],
    ['1y', 365 * DAY],
    ['P30D', 30 * DAY],
    ['p4w', 28 * DAY],
    ['PT720H', 30 * DAY],
    ['P1DT12H', 1.5 * DAY],
    [' 30D ', 30 * DAY],
    ['0.5d', DAY / 2],
  ];
  for (const [text, ms] of cases)
    it(`${JSON.stringify(text)} is ${ms} ms`, () => assert.equal(parseDuration(text), ms));

  for (const text of ['', '30m', '30 minutes', 'd', '-5d', '0d', 'P', 'PT', '30x', '101y', 'thirty days', '1e3d'])
    it(`refuses ${JSON.stringify(text)}`, () => assert.equal(parseDuration(text), undefined));
});
