import { describe, expect, it } from 'vitest';
import {
  pointsEarned,
  pointsToReverse,
  redeemablePoints,
  redeemProblem,
  tierFor,
  type Tier,
} from '../../../server/src/modules/crm/rules/loyalty.ts';

const tiers: Tier[] = [
  { code: 'gold', name: 'Gold', minSpendMinor: 15_000_000, earnRateBp: 700 },
  { code: 'base', name: 'Base', minSpendMinor: 0, earnRateBp: 300 },
  { code: 'silver', name: 'Silver', minSpendMinor: 5_000_000, earnRateBp: 500 },
];

describe('loyalty points', () => {
  it('earns whole points, rounded down, at the tier rate', () => {
    expect(pointsEarned(1_000_000, 300, 100)).toBe(300); // 10 000 ₽ × 3 % = 300 ₽ = 300 points
    expect(pointsEarned(1_234_567, 500, 100)).toBe(617); // 617.28 → 617
    expect(pointsEarned(99, 10_000, 100)).toBe(0);
    expect(pointsEarned(0, 500, 100)).toBe(0);
    expect(pointsEarned(-100, 500, 100)).toBe(0);
  });
  it('tiers by spend over the window', () => {
    expect(tierFor(0, tiers).code).toBe('base');
    expect(tierFor(4_999_999, tiers).code).toBe('base');
    expect(tierFor(5_000_000, tiers).code).toBe('silver');
    expect(tierFor(99_000_000, tiers).code).toBe('gold');
    expect(() => tierFor(0, [])).toThrow();
  });
  it('redemption is capped by the balance and by the share of the order', () => {
    const base = { orderTotalMinor: 1_000_000, alreadyRedeemedMinor: 0, capBp: 3000, pointValueMinor: 100 };
    expect(redeemablePoints({ ...base, balance: 10_000 })).toBe(3000); // 30 % of 10 000 ₽
    expect(redeemablePoints({ ...base, balance: 120 })).toBe(120);
    expect(redeemablePoints({ ...base, balance: 10_000, alreadyRedeemedMinor: 250_000 })).toBe(500);
    expect(redeemablePoints({ ...base, balance: 10_000, alreadyRedeemedMinor: 400_000 })).toBe(0);
    expect(redeemablePoints({ ...base, orderTotalMinor: 199, balance: 5 })).toBe(0);
  });
  it('names what is wrong with a request', () => {
    expect(redeemProblem(100, { balance: 500, redeemable: 300 })).toBeNull();
    expect(redeemProblem(0, { balance: 500, redeemable: 300 })).toBe('not_positive');
    expect(redeemProblem(1.5, { balance: 500, redeemable: 300 })).toBe('not_positive');
    expect(redeemProblem(600, { balance: 500, redeemable: 300 })).toBe('over_balance');
    expect(redeemProblem(400, { balance: 500, redeemable: 300 })).toBe('over_cap');
  });
  it('a refund takes back its share of the points, never more than were earned', () => {
    expect(pointsToReverse(300, 1_000_000, 500_000)).toBe(150);
    expect(pointsToReverse(300, 1_000_000, 1)).toBe(1);
    expect(pointsToReverse(300, 1_000_000, 2_000_000)).toBe(300);
    expect(pointsToReverse(0, 1_000_000, 10)).toBe(0);
  });
});
