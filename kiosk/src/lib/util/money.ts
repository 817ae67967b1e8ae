/** Money in minor units as every desk screen shows and reads it (pure: unit-tested). */

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

/**
 * Minor units as money in the given currency and language: 123450 RUB → "1 234,50 ₽". With
 * `dropZeroFraction`, whole amounts lose their ",00" (sums on a kanban column).
 */
export function formatMoney(
  minor: number,
  currency: string,
  locale: string,
  options: { dropZeroFraction?: boolean } = {},
): string {
  const digits = minorDigits(currency);
  const shown = options.dropZeroFraction && minor % 10 ** digits === 0 ? 0 : digits;
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: shown,
      maximumFractionDigits: shown,
    }).format(minor / 10 ** digits);
  } catch {
    return (minor / 10 ** digits).toFixed(shown);
  }
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
  if (fraction.length > digits || (digits === 0 && match[2] !== undefined)) return null;
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

/** Minor units back to the text an amount field shows ("1234.50"). */
export function moneyInput(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return '';
  const digits = minorDigits(currency);
  return digits === 0 ? String(minor) : (minor / 10 ** digits).toFixed(digits);
}
