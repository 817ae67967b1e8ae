/**
 * Loyalty points arithmetic. A point is worth `pointValueMinor` (100 = one rouble). Points earned on
 * a paid order = floor(paid × tier rate / 10 000 / point value): whole points only, rounded down so
 * the station never gives more than the rate. Redemption is capped at `redeemCapBp` of the order's
 * total and by the balance; a redeemed point takes exactly `pointValueMinor` off the order.
 */
export interface Tier {
  code: string;
  name: string;
  minSpendMinor: number;
  earnRateBp: number;
}

export interface LoyaltyRules {
  pointValueMinor: number;
  redeemCapBp: number;
  tierWindowMonths: number;
  tiers: Tier[];
}

/** The highest tier whose threshold the spend over the window reaches (the lowest tier otherwise). */
export function tierFor(spendMinor: number, tiers: readonly Tier[]): Tier {
  const sorted = [...tiers].sort((a, b) => a.minSpendMinor - b.minSpendMinor);
  let tier = sorted[0];
  if (!tier) throw new Error('The loyalty rules have no tiers');
  for (const t of sorted) if (spendMinor >= t.minSpendMinor) tier = t;
  return tier;
}

export function pointsEarned(paidMinor: number, rateBp: number, pointValueMinor: number): number {
  if (paidMinor <= 0 || rateBp <= 0) return 0;
  return Math.floor((paidMinor * rateBp) / (10_000 * pointValueMinor));
}

/** The most points that may be redeemed on an order: the balance, and the cap share of what is still owed. */
export function redeemablePoints(input: {
  balance: number;
  orderTotalMinor: number;
  alreadyRedeemedMinor: number;
  capBp: number;
  pointValueMinor: number;
}): number {
  const capMinor = Math.floor((input.orderTotalMinor * input.capBp) / 10_000) - input.alreadyRedeemedMinor;
  const byCap = Math.floor(Math.max(0, capMinor) / input.pointValueMinor);
  return Math.max(0, Math.min(input.balance, byCap));
}

export type RedeemProblem = 'not_positive' | 'over_balance' | 'over_cap';

export function redeemProblem(
  requested: number,
  limits: { balance: number; redeemable: number },
): RedeemProblem | null {
  if (!Number.isInteger(requested) || requested <= 0) return 'not_positive';
  if (requested > limits.balance) return 'over_balance';
  if (requested > limits.redeemable) return 'over_cap';
  return null;
}

/** Points to take back when a paid order is refunded: in proportion, never more than were earned. */
export function pointsToReverse(earned: number, paidMinor: number, refundedMinor: number): number {
  if (earned <= 0 || paidMinor <= 0 || refundedMinor <= 0) return 0;
  return Math.min(earned, Math.ceil((earned * Math.min(refundedMinor, paidMinor)) / paidMinor));
}
