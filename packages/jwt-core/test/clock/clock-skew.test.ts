import { strict as assert } from 'node:assert';
import { CLOCK_SKEW_LIMIT_MS, CLOCK_SKEW_TOLERANCE_MS, assessClockSkew } from '../../src/clock/clock-skew.js';

const AT = Date.parse('2026-08-04T10:00:00Z');

describe('clock/assessClockSkew', () => {
  it('is in sync when the Date header equals the answer time, or trails it by its truncated second', () => {
    assert.deepEqual(assessClockSkew({ serverDate: AT, responseAt: AT }), {
      offsetMs: 0,
      skewMs: 0,
      direction: 'in-sync',
      grade: 'ok',
    });
    assert.deepEqual(assessClockSkew({ serverDate: AT - 800, responseAt: AT }), {
      offsetMs: -800,
      skewMs: 0,
      direction: 'in-sync',
      grade: 'ok',
    });
  });

  it('removes the round trip and the 1 s resolution from the measured offset', () => {
    assert.deepEqual(assessClockSkew({ serverDate: AT + 300_000, requestStartedAt: AT - 2_000, responseAt: AT }), {
      offsetMs: 300_000,
      skewMs: 297_000,
      direction: 'behind',
      grade: 'fail',
    });
    assert.deepEqual(assessClockSkew({ serverDate: AT - 60_000, responseAt: AT }), {
      offsetMs: -60_000,
      skewMs: 59_000,
      direction: 'ahead',
      grade: 'warn',
    });
  });

  it('grades at the tolerance and the limit: ok up to 30 s, warn up to 120 s, fail beyond', () => {
    assert.equal(CLOCK_SKEW_TOLERANCE_MS, 30_000);
    assert.equal(CLOCK_SKEW_LIMIT_MS, 120_000);
    const grade = (skewMs: number): string =>
      assessClockSkew({ serverDate: AT + skewMs + 1_000, responseAt: AT }).grade;
    assert.deepEqual([grade(30_000), grade(30_001), grade(120_000), grade(120_001)], ['ok', 'warn', 'warn', 'fail']);
  });

  it('ignores a request start after the answer (a clock that jumped) instead of widening the allowance', () => {
    assert.equal(
      assessClockSkew({ serverDate: AT + 40_000, requestStartedAt: AT + 60_000, responseAt: AT }).skewMs,
      39_000,
    );
  });
});
