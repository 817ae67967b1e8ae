/** Money, percentages and phones as the desk shows and reads them (pure: unit-tested). */

/** How many minor units a currency has (RUB, EUR: 2; JPY: 0). */
export function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** Minor units as money in the given currency and language: 123450 RUB → "1 234,50 ₽". */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(minor / 10 ** digits);
}

/**
 * A typed amount ("1 234,5", "1234.50", "99") as minor units; null when it is not a non-negative
 * amount with at most the currency's decimals.
 */
export function parseMoney(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const clean = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  const match = /^(\d+)(?:\.(\d*))?$/.exec(clean);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

/** Minor units back to the text an amount field shows ("1234.50"). */
export function moneyInput(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return '';
  const digits = minorDigits(currency);
  return digits === 0 ? String(minor) : (minor / 10 ** digits).toFixed(digits);
}

/** A percentage typed as "10" or "12,5" as basis points; null when not 0–100 with at most two decimals. */
export function parsePercent(text: string): number | null {
  const clean = text.trim().replace(',', '.');
  if (clean === '') return 0;
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return null;
  const bp = Math.round(Number(clean) * 100);
  return bp <= 10_000 ? bp : null;
}

export const percentInput = (bp: number) => (bp === 0 ? '' : String(bp / 100));

/** Seconds as hours with up to two decimals ("1.5"). */
export const hoursOf = (seconds: number) => String(Math.round((seconds / 3600) * 100) / 100);

/** A phone in E.164 shown with spaces for reading: +79161234501 → +7 916 123-45-01 (Russian numbers). */
export function displayPhone(e164: string): string {
  const ru = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(e164);
  return ru ? `+7 ${ru[1]} ${ru[2]}-${ru[3]}-${ru[4]}` : e164;
}
