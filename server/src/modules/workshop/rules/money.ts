/**
 * Exact money arithmetic in integer minor units. Rounding is "half away from zero" (ordinary
 * arithmetic rounding, as Russian accounting and the Tax Code, art. 52 p. 6, use for kopecks and
 * tax amounts): 0.5 kopeck rounds to 1, −0.5 to −1. Never banker's rounding.
 */

/** `numerator / denominator` rounded half away from zero; the denominator must be positive. */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  if (numerator < 0n) return -divRound(-numerator, denominator);
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/** Quantities are kept with three decimals (numeric(14,3)); this is the scale factor. */
export const QUANTITY_SCALE = 1000n;
const QUANTITY = /^(\d{1,11})(?:\.(\d{1,3}))?$/;

/** Parses "1", "1.5", "0.250" into thousandths; null when the text is not such a quantity. */
export function parseQuantity(text: string): bigint | null {
  const match = QUANTITY.exec(text.trim());
  if (!match) return null;
  const [, whole, fraction = ''] = match;
  return BigInt(whole!) * QUANTITY_SCALE + BigInt(fraction.padEnd(3, '0'));
}

/** Thousandths back to the shortest decimal text: 1500n → "1.5". */
export function formatQuantity(milli: bigint): string {
  const whole = milli / QUANTITY_SCALE;
  const fraction = (milli % QUANTITY_SCALE).toString().padStart(3, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

/** Whether a quantity text is valid and greater than zero (the API's check before the database's). */
export function quantityProblem(text: string): string | null {
  const milli = parseQuantity(text);
  if (milli === null) return 'must be a number with at most three decimals';
  if (milli <= 0n) return 'must be greater than zero';
  return null;
}
