import { divRound, parseQuantity } from './money.ts';

/**
 * Totals of a repair order, exactly, in minor units.
 *
 * Per line (the way Russian invoices and УПД compute and print them, line by line):
 *   gross        = hourly: norm seconds × rate per hour / 3600; fixed: the price; parts: quantity × unit price
 *   line discount = gross × line discount % ; after it, order discount = rest × order discount %
 *   fixed share  = the order's fixed-amount discounts (loyalty points), spread over the lines in
 *                  proportion to what is left of them (largest remainder, ties to the earlier line)
 *   net          = gross − all discounts (what the line costs, in the station's price basis)
 *   tax          = prices include VAT: net × rate / (100% + rate)  ("в т.ч. НДС")
 *                  prices exclude VAT: net × rate / 100%           (added on top)
 *   total        = net when prices include VAT, net + tax otherwise
 * Each step rounds half away from zero to the minor unit; order figures are sums of line figures,
 * so the printed lines always add up to the printed totals.
 */

export interface TaxSettings {
  /** VAT rate in basis points: 2200 = 22 %, 0 = no VAT. */
  rateBp: number;
  pricesIncludeTax: boolean;
}

export type PricedLine =
  | { type: 'job'; pricing: 'hourly'; normSeconds: number; ratePerHourMinor: number; discountBp: number }
  | { type: 'job'; pricing: 'fixed'; fixedPriceMinor: number; discountBp: number }
  | { type: 'part' | 'consumable'; quantity: string; unitPriceMinor: number; discountBp: number };

export interface LineTotals {
  grossMinor: number;
  discountMinor: number;
  netMinor: number;
  taxMinor: number;
  totalMinor: number;
}

export interface OrderTotals extends LineTotals {
  /** Net of discounts, labour lines. */
  labourMinor: number;
  /** Net of discounts, parts and consumables lines. */
  partsMinor: number;
  /** The amount without VAT (total − tax). */
  totalWithoutTaxMinor: number;
}

const BP = 10_000n;

export function lineGross(line: PricedLine): bigint {
  if (line.type === 'job') {
    if (line.pricing === 'fixed') return BigInt(line.fixedPriceMinor);
    return divRound(BigInt(line.normSeconds) * BigInt(line.ratePerHourMinor), 3600n);
  }
  const milli = parseQuantity(line.quantity);
  if (milli === null) throw new RangeError(`invalid quantity ${line.quantity}`);
  return divRound(milli * BigInt(line.unitPriceMinor), 1000n);
}

export function lineTotals(
  line: PricedLine,
  orderDiscountBp: number,
  tax: TaxSettings,
  fixedShareMinor = 0n,
): LineTotals {
  const { gross, discount, afterDiscounts } = lineBeforeFixed(line, orderDiscountBp);
  const net = afterDiscounts - fixedShareMinor;
  const rate = BigInt(tax.rateBp);
  const taxAmount = tax.pricesIncludeTax ? divRound(net * rate, BP + rate) : divRound(net * rate, BP);
  const total = tax.pricesIncludeTax ? net : net + taxAmount;
  return {
    grossMinor: Number(gross),
    discountMinor: Number(discount + fixedShareMinor),
    netMinor: Number(net),
    taxMinor: Number(taxAmount),
    totalMinor: Number(total),
  };
}

function lineBeforeFixed(line: PricedLine, orderDiscountBp: number) {
  const gross = lineGross(line);
  const lineDiscount = divRound(gross * BigInt(line.discountBp), BP);
  const afterLine = gross - lineDiscount;
  const orderDiscount = divRound(afterLine * BigInt(orderDiscountBp), BP);
  return { gross, discount: lineDiscount + orderDiscount, afterDiscounts: afterLine - orderDiscount };
}

/**
 * Spreads a fixed amount over lines in proportion to their amounts, exactly: each line gets the floor
 * of its share, the minor units left go to the largest remainders (the earlier line on a tie). The
 * amount is capped at the lines' sum, so no line goes below zero.
 */
export function spreadFixedDiscount(amounts: readonly bigint[], fixedMinor: bigint): bigint[] {
  const sum = amounts.reduce((a, b) => a + b, 0n);
  const fixed = fixedMinor > sum ? sum : fixedMinor;
  if (fixed <= 0n || sum === 0n) return amounts.map(() => 0n);
  const shares = amounts.map((amount) => (amount * fixed) / sum);
  let left = fixed - shares.reduce((a, b) => a + b, 0n);
  const byRemainder = amounts
    .map((amount, index) => ({ index, remainder: (amount * fixed) % sum }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder) {
    if (left === 0n) break;
    shares[index]! += 1n;
    left -= 1n;
  }
  return shares;
}

export function orderTotals(
  lines: readonly PricedLine[],
  orderDiscountBp: number,
  tax: TaxSettings,
  fixedDiscountMinor = 0,
): { lines: LineTotals[]; order: OrderTotals } {
  const fixedShares = spreadFixedDiscount(
    lines.map((line) => lineBeforeFixed(line, orderDiscountBp).afterDiscounts),
    BigInt(fixedDiscountMinor),
  );
  const perLine = lines.map((line, i) => lineTotals(line, orderDiscountBp, tax, fixedShares[i]));
  const order: OrderTotals = {
    grossMinor: 0,
    discountMinor: 0,
    netMinor: 0,
    taxMinor: 0,
    totalMinor: 0,
    labourMinor: 0,
    partsMinor: 0,
    totalWithoutTaxMinor: 0,
  };
  perLine.forEach((t, i) => {
    order.grossMinor += t.grossMinor;
    order.discountMinor += t.discountMinor;
    order.netMinor += t.netMinor;
    order.taxMinor += t.taxMinor;
    order.totalMinor += t.totalMinor;
    if (lines[i]!.type === 'job') order.labourMinor += t.netMinor;
    else order.partsMinor += t.netMinor;
  });
  order.totalWithoutTaxMinor = order.totalMinor - order.taxMinor;
  return { lines: perLine, order };
}
