/**
 * A duration as people write it: `30d`, `30 days`, `4w`, `2 weeks`, `720h`, `1mo`, `1 month`, `1y`, ISO 8601's
 * `P30D`/`P4W`/`PT720H`, or a bare number of days (`30`). A month is 30 days and a year 365 (certificate windows, not
 * calendar arithmetic). A bare `m` is refused: minutes or months would be a guess.
 */
import { Flags } from '@salesforce/sf-plugins-core';

const DAY_MS = 86_400_000;

const UNIT_MS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: DAY_MS,
  day: DAY_MS,
  days: DAY_MS,
  w: 7 * DAY_MS,
  wk: 7 * DAY_MS,
  wks: 7 * DAY_MS,
  week: 7 * DAY_MS,
  weeks: 7 * DAY_MS,
  mo: 30 * DAY_MS,
  mos: 30 * DAY_MS,
  month: 30 * DAY_MS,
  months: 30 * DAY_MS,
  y: 365 * DAY_MS,
  yr: 365 * DAY_MS,
  yrs: 365 * DAY_MS,
  year: 365 * DAY_MS,
  years: 365 * DAY_MS,
};

const ISO_UNIT: Readonly<Record<string, string>> = { Y: 'y', M: 'mo', W: 'w', D: 'd', H: 'h' };

/** Milliseconds of a duration, or undefined when it is not one (or is zero, negative, or past 100 years). */
export function parseDuration(text: string): number | undefined {
  const value = text.trim().toLowerCase();
  const iso = /^p(?:(\d+)([ymwd]))?(?:t(\d+)h)?$/i.exec(text.trim());
  let ms: number | undefined;
  if (iso !== null && (iso[1] !== undefined || iso[3] !== undefined)) {
    const dateUnit = iso[2] === undefined ? undefined : UNIT_MS[ISO_UNIT[iso[2].toUpperCase()] ?? ''];
    ms = (iso[1] === undefined ? 0 : Number(iso[1]) * (dateUnit ?? 0)) + Number(iso[3] ?? 0) * 3_600_000;
  } else {
    const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/.exec(value);
    if (match === null) return undefined;
    const unit = match[2] === '' ? DAY_MS : UNIT_MS[match[2] ?? ''];
    if (unit === undefined) return undefined;
    ms = Number(match[1]) * unit;
  }
  return ms > 0 && ms <= 100 * 365 * DAY_MS ? Math.round(ms) : undefined;
}

/** A flag taking a duration; its value is in milliseconds. */
export const durationFlag = Flags.custom<number>({
  helpValue: '<duration>',
  parse: (input) => {
    const ms = parseDuration(input);
    if (ms === undefined)
      throw new Error(
        `"${input.slice(0, 40)}" is not a duration: write a number and a unit, for example 30d, 4w, 720h, 2mo or 1y (a bare number is days).`,
      );
    return Promise.resolve(ms);
  },
});
