/** Quantities, money, waiting times and scanner input as the warehouse screens show and read them (pure). */

/** A quantity with up to three decimals, in the interface language: 4.5 → "4.5" / "4,5". */
export function formatQty(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(value);
}

export { minorDigits as currencyDigits, formatMoney, parseMoney } from '../../../lib/util/money.ts';

/** A typed quantity ("4,5", "2") as a number > 0 with at most three decimals; null otherwise. */
export function parseQty(text: string, { allowZero = false } = {}): number | null {
  const clean = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,3})?$/.test(clean)) return null;
  const value = Number(clean);
  if (!allowZero && value === 0) return null;
  return value;
}

/** Seconds of waiting as a short duration: 45 → "45 s", 754 → "12 min", 5400 → "1 h 30 min". */
export function waitParts(seconds: number): { hours: number; minutes: number; seconds: number } {
  const s = Math.max(0, Math.floor(seconds));
  return { hours: Math.floor(s / 3600), minutes: Math.floor((s % 3600) / 60), seconds: s % 60 };
}

/** How urgent a wait looks: under 5 min fine, under 15 min a warning, longer is late. */
export function waitTone(seconds: number): 'success' | 'warning' | 'danger' {
  if (seconds < 5 * 60) return 'success';
  if (seconds < 15 * 60) return 'warning';
  return 'danger';
}

/**
 * What a keyboard-wedge scanner or a person typed into the search box, cleaned: the scanner's
 * trailing CR/LF/Tab and surrounding blanks go; separators inside stay (the server ignores them).
 */
export function cleanScan(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').trim();
}

/** A number as people type it, without separators: "0 986-452.041" → "0986452041" (what the server matches). */
export function numberKey(text: string): string {
  return text.replace(/[\s\-./\\_,]+/g, '').toUpperCase();
}

/** One page of a list the server returns whole (the parts queue, reorder suggestions). */
export function pageOf<T>(items: readonly T[], offset: number, limit: number): T[] {
  return items.slice(offset, offset + limit);
}

/** After the list shrank (an issued request left), the offset of a page that still has rows. */
export function clampOffset(total: number, offset: number, limit: number): number {
  if (offset < total) return offset;
  return Math.max(0, Math.floor((total - 1) / limit) * limit);
}
