/** Money is integer minor units (kopecks, cents). These helpers read amounts people type in files. */

/** The number of minor-unit digits of an ISO 4217 currency (RUB 2, JPY 0, BHD 3). */
export function currencyDigits(currency: string): number {
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
 * Parses an amount in major units as typed ("1 250,50", "1250.5", "99") into minor units;
 * null when it is not an amount or has more decimals than the currency has.
 */
export function parseMoneyText(text: string, digits: number): number | null {
  const cleaned = text
    .trim()
    .replace(/[\s\u00a0]/g, '')
    .replace(',', '.');
  const match = /^(\d+)(?:\.(\d+))?$/.exec(cleaned);
  if (!match) return null;
  const [, whole, fraction = ''] = match;
  if (fraction.length > digits) return null;
  const minor =
    Number(whole) * 10 ** digits + Number((fraction + '0'.repeat(digits)).slice(0, digits) || '0');
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Minor units × quantity in milli-units → minor units, rounded half up (the value of a stock line). */
export function lineValue(unitMinor: number, quantityMilli: number): number {
  const product = BigInt(unitMinor) * BigInt(quantityMilli);
  return Number(divideRoundHalfUp(product, 1000n));
}

/** Integer division rounding halves away from zero — the one rounding rule for money in the warehouse. */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new Error('Division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (2n * n + d) / (2n * d);
  return negative ? -quotient : quotient;
}
