/**
 * Calendar dates are ISO dates (`YYYY-MM-DD`) in Europe/London; instants are UTC. These convert between them.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;

/** True for a real calendar date written as YYYY-MM-DD (so 2026-02-31 is false). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
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
function londonOffsetMs(instant: number): number {
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

/** Today's date in London. */
export function londonDate(instant: Date): string {
  const parts = Object.fromEntries(LONDON.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${String(parts.year)}-${String(parts.month)}-${String(parts.day)}`;
}
