/**
 * Calendar dates are ISO dates (`YYYY-MM-DD`) in Europe/London; instants are UTC. These convert between them.
 */
/** Days in each month of a common year, by month number (1-12). */
const DAYS_IN_MONTH: readonly number[] = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ZERO = 48;
const HYPHEN = 45;

/** The number written by the ASCII digits of value[from, to), or -1 when any is not one. */
function digitsAt(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i += 1) {
    const digit = value.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

/**
 * True for a real calendar date written as YYYY-MM-DD (so 2026-02-31 is false), from 0100 on. Read character by
 * character: the eligibility engine and the worklist ask it hundreds of times a request, and a regular expression and
 * a Date each time were a few per cent of a request's time.
 */
export function isIsoDate(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== HYPHEN || value.charCodeAt(7) !== HYPHEN) return false;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 7);
  const day = digitsAt(value, 8, 10);
  // Years 0-99 were never taken (a Date reads them as 1900-1999), and are not now.
  if (year < 100 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (DAYS_IN_MONTH[month] ?? 0) + (month === 2 && leap ? 1 : 0);
}

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** How far London's wall clock is ahead of UTC at an instant, in milliseconds (0 or one hour). */
export function londonOffsetMs(instant: number): number {
  const parts = Object.fromEntries(LONDON.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The UTC instant at which a London calendar day begins. */
export function startOfLondonDay(isoDate: string): Date {
  if (!isIsoDate(isoDate)) throw new RangeError(`Not an ISO date: ${isoDate}`);
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const midnightAsUtc = Date.UTC(y, m - 1, d);
  // London midnight is never inside a clock change (they happen at 01:00 UTC), so one correction is exact.
  return new Date(midnightAsUtc - londonOffsetMs(midnightAsUtc));
}

/** The London calendar date after the one given. */
export function nextIsoDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

const HOUR_MS = 3_600_000;
/** From 1900 on, London has been a whole number of hours ahead of UTC (0, 1 or 2), so its days start on the hour. */
const WHOLE_HOURS_FROM = Date.UTC(1900, 0, 1);
const LONDON_DATES_KEPT = 1000;
/** London dates by UTC hour (hours since 1970): formatToParts costs microseconds, and a worklist asks fifty times. */
const londonDateByHour = new Map<number, string>();

/** Today's date in London. */
export function londonDate(instant: Date): string {
  const time = instant.getTime();
  // A London day starts on a UTC hour, so every instant in one UTC hour has the same London date.
  const hour = time >= WHOLE_HOURS_FROM ? Math.floor(time / HOUR_MS) : Number.NaN;
  const known = londonDateByHour.get(hour);
  if (known !== undefined) return known;
  const parts = Object.fromEntries(LONDON.formatToParts(instant).map((p) => [p.type, p.value]));
  const date = `${String(parts.year)}-${String(parts.month)}-${String(parts.day)}`;
  if (!Number.isNaN(hour)) {
    if (londonDateByHour.size >= LONDON_DATES_KEPT) londonDateByHour.clear();
    londonDateByHour.set(hour, date);
  }
  return date;
}

/*
 * Calendar arithmetic on ISO dates. These work on the year, month and day as integers and never build a Date, so
 * the process time zone cannot change their answers.
 */

type Ymd = readonly [year: number, month: number, day: number];

function ymd(isoDate: string): Ymd {
  if (!isIsoDate(isoDate)) throw new RangeError(`Not an ISO date: ${isoDate}`);
  return [Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)), Number(isoDate.slice(8, 10))];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const iso = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Age in completed years on `asOf`. A person attains an age at the start of the anniversary of their birth; someone
 * born on 29 February attains it on 1 March in a year that is not a leap year.
 */
export function ageInYears(dateOfBirth: string, asOf: string): number {
  const [by, bm, bd] = ymd(dateOfBirth);
  const [ay, am, ad] = ymd(asOf);
  const [month, day] = bm === 2 && bd === 29 && !isLeapYear(ay) ? [3, 1] : [bm, bd];
  const beforeBirthday = am < month || (am === month && ad < day);
  return ay - by - (beforeBirthday ? 1 : 0);
}

function addMonthsToYmd([y, m, d]: Ymd, months: number): Ymd {
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return [year, month, Math.min(d, daysInMonth(year, month))];
}

const dayKey = ([y, m, d]: Ymd) => y * 10_000 + m * 100 + d;

/** The date N calendar months after `isoDate`; where that day does not exist, the last day of that month. */
export function addMonthsClamped(isoDate: string, months: number): string {
  return iso(...addMonthsToYmd(ymd(isoDate), months));
}

/** True when `date` is on or after `start` and on or before `start` plus N months (see addMonthsClamped). */
export function isWithinMonthsAfter(date: string, start: string, months: number): boolean {
  const [day, from] = [ymd(date), ymd(start)];
  return dayKey(from) <= dayKey(day) && dayKey(day) <= dayKey(addMonthsToYmd(from, months));
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** An ISO date as people read it: 2026-08-31 is "31 August 2026". */
export function formatLongDate(isoDate: string): string {
  const [y, m, d] = ymd(isoDate);
  return `${String(d)} ${MONTHS[m - 1] ?? ''} ${String(y)}`;
}
