import { divideRoundHalfUp } from './money.ts';

export interface CostPosition {
  /** Quantity on hand across all locations before the receipt, in milli-units. */
  quantityMilli: number;
  /** Average cost per unit in minor units. */
  unitCost: number;
}

/**
 * The moving-average cost per unit after a receipt:
 *
 *   new = (onHand × average + received × cost) / (onHand + received)
 *
 * computed exactly in integers (milli-units × minor units as BigInt) and rounded once, half up, to a
 * whole minor unit. When nothing is on hand (or the books show less than nothing) the receipt's cost
 * becomes the average: old value that no longer exists must not leak into the new stock.
 */
export function movingAverageCost(before: CostPosition, receipt: CostPosition): number {
  if (receipt.quantityMilli <= 0) throw new Error('A receipt adds a positive quantity');
  if (receipt.unitCost < 0 || before.unitCost < 0) throw new Error('Costs are never negative');
  if (before.quantityMilli <= 0) return receipt.unitCost;
  const value =
    BigInt(before.quantityMilli) * BigInt(before.unitCost) +
    BigInt(receipt.quantityMilli) * BigInt(receipt.unitCost);
  const quantity = BigInt(before.quantityMilli) + BigInt(receipt.quantityMilli);
  return Number(divideRoundHalfUp(value, quantity));
}

/** Applies several receipts in order (a receipt document with the same part on two lines). */
export function movingAverageAfter(before: CostPosition, receipts: CostPosition[]): CostPosition {
  let position = before;
  for (const receipt of receipts) {
    position = {
      unitCost: movingAverageCost(position, receipt),
      quantityMilli: Math.max(position.quantityMilli, 0) + receipt.quantityMilli,
    };
  }
  return position;
}
