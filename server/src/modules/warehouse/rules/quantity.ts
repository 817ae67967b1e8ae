/**
 * Quantities are numeric(14,3) in PostgreSQL. In the code they are whole thousandths ("milli"),
 * so that sums and comparisons are exact integers, never floats.
 */
export const QTY_SCALE = 1000;
/** Largest quantity we accept in one line: 10^9 units (keeps milli-units far inside 2^53). */
export const MAX_QTY = 1_000_000_000;

/** A quantity from the API (a JS number) to milli-units; null when it has more than three decimals. */
export function toMilli(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  const milli = Math.round(value * QTY_SCALE);
  if (Math.abs(milli - value * QTY_SCALE) > 1e-6 * Math.max(1, Math.abs(milli))) return null;
  return milli;
}

/** A numeric from PostgreSQL ("12.500", "-3", null) to milli-units, exactly, without floats. */
export function milliFromDb(value: string | number | null | undefined): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return Math.round(value * QTY_SCALE);
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new Error(`Not a quantity: ${value}`);
  const [, sign, whole, fraction = ''] = match;
  const frac = (fraction + '000').slice(0, 3);
  if (fraction.length > 3 && /[1-9]/.test(fraction.slice(3)))
    throw new Error(`More than three decimals: ${value}`);
  const milli = Number(whole) * QTY_SCALE + Number(frac);
  return sign ? -milli : milli;
}

/** Milli-units to the numeric literal PostgreSQL takes ("-1.500"). */
export function milliToDb(milli: number): string {
  if (!Number.isSafeInteger(milli)) throw new Error(`Not a whole number of milli-units: ${milli}`);
  const sign = milli < 0 ? '-' : '';
  const abs = Math.abs(milli);
  return `${sign}${Math.floor(abs / QTY_SCALE)}.${String(abs % QTY_SCALE).padStart(3, '0')}`;
}

/** Milli-units to the number the API returns (1500 → 1.5). */
export function milliToNumber(milli: number): number {
  return milli / QTY_SCALE;
}

/** Parses a typed quantity ("1,5", "2", " 10.250 ") to milli-units; null when it is not one. */
export function parseQuantityText(text: string): number | null {
  const cleaned = text.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d{1,3})?$/.test(cleaned)) return null;
  return milliFromDb(cleaned);
}
