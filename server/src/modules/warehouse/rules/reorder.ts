export interface LocationPosition {
  onHand: number;
  reserved: number;
  min: number;
  max: number;
}

export interface ReorderInput {
  /** Locations of the part that have min/max limits. */
  locations: readonly LocationPosition[];
  /** Repair-order lines' quantities that no stock could be reserved for (purchase needs). */
  openDemand: number;
  /** Ordered from suppliers and not received yet (sent or partly received purchase orders, drafts too). */
  onOrder: number;
}

/**
 * How much to order (milli-units): every location whose free stock fell below its minimum is filled
 * up to its maximum; every unmet repair-order need is bought on top; what is already on order counts
 * against both. Never negative.
 */
export function reorderQuantity(input: ReorderInput): number {
  let refill = 0;
  for (const loc of input.locations) {
    const free = loc.onHand - loc.reserved;
    if (free < loc.min) refill += loc.max - free;
  }
  return Math.max(0, refill + input.openDemand - input.onOrder);
}

/** Rounds an order quantity up to a whole unit for counted goods (pieces, sets). */
export function roundUpToWhole(milli: number): number {
  return Math.ceil(milli / 1000) * 1000;
}
