/** Money, percentages and phones as the desk shows and reads them (pure: unit-tested). */

// Relative path (not $lib) so the unit tests and the root tsc resolve it too.
export { formatMoney, minorDigits, moneyInput, parseMoney } from '../../../lib/util/money.ts';

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
