import { divRound, parseQuantity } from './money.ts';

/**
 * Totals of a repair order, exactly, in minor units.
 *
 * Per line (the way Russian invoices and УПД compute and print them, line by line):
 *   gross        = hourly: norm seconds × rate per hour / 3600; fixed: the price; parts: quantity × unit price
 *   line discount = gross × line discount % ; after it, order discount = rest × order discount %
 *   net          = gross − both discounts (what the line costs, in the station's price basis)
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

export function lineTotals(line: PricedLine, orderDiscountBp: number, tax: TaxSettings): LineTotals {
  const gross = lineGross(line);
  const lineDiscount = divRound(gross * BigInt(line.discountBp), BP);
  const afterLine = gross - lineDiscount;
  const orderDiscount = divRound(afterLine * BigInt(orderDiscountBp), BP);
  const net = afterLine - orderDiscount;
  const rate = BigInt(tax.rateBp);
  const taxAmount = tax.pricesIncludeTax ? divRound(net * rate, BP + rate) : divRound(net * rate, BP);
  const total = tax.pricesIncludeTax ? net : net + taxAmount;
  return {
    grossMinor: Number(gross),
    discountMinor: Number(lineDiscount + orderDiscount),
    netMinor: Number(net),
    taxMinor: Number(taxAmount),
    totalMinor: Number(total),
  };
}

export function orderTotals(
  lines: readonly PricedLine[],
  orderDiscountBp: number,
  tax: TaxSettings,
): { lines: LineTotals[]; order: OrderTotals } {
  const perLine = lines.map((line) => lineTotals(line, orderDiscountBp, tax));
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
