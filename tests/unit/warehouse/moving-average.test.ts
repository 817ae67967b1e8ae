import { describe, expect, it } from 'vitest';
import {
  movingAverageAfter,
  movingAverageCost,
} from '../../../server/src/modules/warehouse/rules/moving-average.ts';
import {
  divideRoundHalfUp,
  lineValue,
  parseMoneyText,
} from '../../../server/src/modules/warehouse/rules/money.ts';

describe('moving-average cost', () => {
  it('weights the old average and the receipt by quantity', () => {
    // 10 on hand at 100.00, receive 10 at 120.00 → 110.00
    expect(
      movingAverageCost(
        { quantityMilli: 10_000, unitCost: 10_000 },
        { quantityMilli: 10_000, unitCost: 12_000 },
      ),
    ).toBe(11_000);
  });

  it('rounds once, half up, to a whole minor unit', () => {
    // (2 × 100 + 1 × 101) / 3 = 100.333… → 100
    expect(
      movingAverageCost({ quantityMilli: 2_000, unitCost: 100 }, { quantityMilli: 1_000, unitCost: 101 }),
    ).toBe(100);
    // (1 × 100 + 1 × 101) / 2 = 100.5 → 101 (half up)
    expect(
      movingAverageCost({ quantityMilli: 1_000, unitCost: 100 }, { quantityMilli: 1_000, unitCost: 101 }),
    ).toBe(101);
    // (1 × 100 + 2 × 101) / 3 = 100.666… → 101
    expect(
      movingAverageCost({ quantityMilli: 1_000, unitCost: 100 }, { quantityMilli: 2_000, unitCost: 101 }),
    ).toBe(101);
  });

  it('handles fractional quantities exactly (litres of oil)', () => {
    // 4.5 l at 850.00 + 20 l at 790.00 = (3825 + 15800) / 24.5 = 801.0204… → 80102 kopecks
    expect(
      movingAverageCost(
        { quantityMilli: 4_500, unitCost: 85_000 },
        { quantityMilli: 20_000, unitCost: 79_000 },
      ),
    ).toBe(80_102);
  });

  it('takes the receipt cost when nothing (or less than nothing) is on hand', () => {
    expect(
      movingAverageCost({ quantityMilli: 0, unitCost: 99_999 }, { quantityMilli: 3_000, unitCost: 500 }),
    ).toBe(500);
    expect(
      movingAverageCost({ quantityMilli: -1_000, unitCost: 99_999 }, { quantityMilli: 3_000, unitCost: 500 }),
    ).toBe(500);
  });

  it('stays exact where floating point would drift (large values)', () => {
    const big = { quantityMilli: 999_999_999_000, unitCost: 999_999_999 };
    const got = movingAverageCost(big, { quantityMilli: 1_000, unitCost: 0 });
    // (999999999 × 999999999 + 0) / 1000000000 = 999999998.000000001 → 999999998
    expect(got).toBe(999_999_998);
  });

  it('applies several receipts in order', () => {
    const after = movingAverageAfter({ quantityMilli: 0, unitCost: 0 }, [
      { quantityMilli: 2_000, unitCost: 1_000 },
      { quantityMilli: 2_000, unitCost: 2_000 },
    ]);
    expect(after).toEqual({ quantityMilli: 4_000, unitCost: 1_500 });
  });

  it('refuses a receipt that adds nothing', () => {
    expect(() =>
      movingAverageCost({ quantityMilli: 1_000, unitCost: 1 }, { quantityMilli: 0, unitCost: 1 }),
    ).toThrow();
  });
});

describe('money', () => {
  it('divides rounding halves away from zero', () => {
    expect(divideRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divideRoundHalfUp(-5n, 2n)).toBe(-3n);
    expect(divideRoundHalfUp(4n, 3n)).toBe(1n);
  });

  it('values a stock line: minor units × milli-units', () => {
    expect(lineValue(12_345, 2_500)).toBe(30_863); // 123.45 × 2.5 = 308.625 → 308.63
  });

  it('reads amounts as people type them', () => {
    expect(parseMoneyText('1 250,50', 2)).toBe(125_050);
    expect(parseMoneyText('99', 2)).toBe(9_900);
    expect(parseMoneyText('0.5', 2)).toBe(50);
    expect(parseMoneyText('1.005', 2)).toBeNull();
    expect(parseMoneyText('abc', 2)).toBeNull();
    expect(parseMoneyText('-5', 2)).toBeNull();
    expect(parseMoneyText('1500', 0)).toBe(1500);
  });
});
