/** The number people say on the phone: WO-2026-000123 (year of opening in the station's time zone). */
export function formatOrderNumber(year: number, sequence: number): string {
  return `WO-${year}-${String(sequence).padStart(6, '0')}`;
}

/** The calendar year of an instant in an IANA time zone. */
export function yearIn(at: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(at));
}
