/**
 * Station days. "A day" is a calendar day in the station's IANA time zone; the database turns a
 * local date into its UTC bounds (`date::timestamp AT TIME ZONE tz`), so DST days are 23 or 25 hours.
 * These helpers only do calendar arithmetic on YYYY-MM-DD strings.
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The Monday of the ISO week holding the date. */
export function weekStart(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const isoWeekday = ((d.getUTCDay() + 6) % 7) + 1;
  return addDays(date, 1 - isoWeekday);
}

/** The station-local date of an instant. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}
