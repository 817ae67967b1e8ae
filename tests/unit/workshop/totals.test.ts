import { describe, expect, it } from 'vitest';
import {
  divRound,
  formatQuantity,
  parseQuantity,
  quantityProblem,
} from '../../../server/src/modules/workshop/rules/money.ts';
import {
  lineTotals,
  orderTotals,
  spreadFixedDiscount,
  type PricedLine,
  type TaxSettings,
} from '../../../server/src/modules/workshop/rules/totals.ts';

const INCL_22: TaxSettings = { rateBp: 2200, pricesIncludeTax: true };
const EXCL_22: TaxSettings = { rateBp: 2200, pricesIncludeTax: false };
const INCL_20: TaxSettings = { rateBp: 2000, pricesIncludeTax: true };
const NO_VAT: TaxSettings = { rateBp: 0, pricesIncludeTax: true };

describe('divRound: half away from zero', () => {
  it.each([
    [5n, 10n, 1n], // 0.5 → 1
    [4n, 10n, 0n], // 0.4 → 0
    [15n, 10n, 2n], // 1.5 → 2 (banker's would give 2 as well)
    [25n, 10n, 3n], // 2.5 → 3 (banker's would give 2)
    [-5n, 10n, -1n], // −0.5 → −1
    [-25n, 10n, -3n],
    [-24n, 10n, -2n],
    [0n, 7n, 0n],
    [1n, 3n, 0n],
    [2n, 3n, 1n],
  ])('%s / %s = %s', (n, d, expected) => {
    expect(divRound(n, d)).toBe(expected);
  });
  it('refuses a non-positive denominator', () => {
    expect(() => divRound(1n, 0n)).toThrow(RangeError);
  });
});

describe('quantities', () => {
  it.each([
    ['1', 1000n],
    ['1.5', 1500n],
    ['0.250', 250n],
    ['0.001', 1n],
    [' 2 ', 2000n],
    ['1.2345', null],
    ['-1', null],
    ['1e3', null],
    ['', null],
    ['.5', null],
  ])('parses %j as %s', (text, expected) => {
    expect(parseQuantity(text)).toBe(expected);
  });
  it('formats without trailing zeros', () => {
    expect(formatQuantity(1500n)).toBe('1.5');
    expect(formatQuantity(2000n)).toBe('2');
    expect(formatQuantity(1n)).toBe('0.001');
  });
  it('names what is wrong', () => {
    expect(quantityProblem('0')).toBe('must be greater than zero');
    expect(quantityProblem('-2')).toMatch(/number/);
    expect(quantityProblem('3')).toBeNull();
  });
});

const hourly = (normSeconds: number, ratePerHourMinor: number, discountBp = 0): PricedLine => ({
  type: 'job',
  pricing: 'hourly',
  normSeconds,
  ratePerHourMinor,
  discountBp,
});
const fixed = (fixedPriceMinor: number, discountBp = 0): PricedLine => ({
  type: 'job',
  pricing: 'fixed',
  fixedPriceMinor,
  discountBp,
});
const part = (quantity: string, unitPriceMinor: number, discountBp = 0): PricedLine => ({
  type: 'part',
  quantity,
  unitPriceMinor,
  discountBp,
});

describe('line totals', () => {
  it.each<
    [
      string,
      PricedLine,
      number,
      TaxSettings,
      { grossMinor: number; discountMinor: number; netMinor: number; taxMinor: number; totalMinor: number },
    ]
  >([
    [
      '1.5 h at 2 000.00/h, VAT 22 % included',
      hourly(5400, 200_000),
      0,
      INCL_22,
      { grossMinor: 300_000, discountMinor: 0, netMinor: 300_000, taxMinor: 54_098, totalMinor: 300_000 },
    ],
    [
      'same, VAT 22 % on top',
      hourly(5400, 200_000),
      0,
      EXCL_22,
      { grossMinor: 300_000, discountMinor: 0, netMinor: 300_000, taxMinor: 66_000, totalMinor: 366_000 },
    ],
    [
      '20 minutes at 1 000.00/h: 333.333… → 333.33',
      hourly(1200, 100_000),
      0,
      NO_VAT,
      { grossMinor: 33_333, discountMinor: 0, netMinor: 33_333, taxMinor: 0, totalMinor: 33_333 },
    ],
    [
      '40 minutes at 1 000.00/h: 666.666… → 666.67',
      hourly(2400, 100_000),
      0,
      NO_VAT,
      { grossMinor: 66_667, discountMinor: 0, netMinor: 66_667, taxMinor: 0, totalMinor: 66_667 },
    ],
    [
      'half a kopeck of labour rounds up: 18 s at 1.00/h = 0.5 kopeck',
      hourly(18, 100),
      0,
      NO_VAT,
      { grossMinor: 1, discountMinor: 0, netMinor: 1, taxMinor: 0, totalMinor: 1 },
    ],
    [
      'fixed price 1 500.00 with 10 % line discount',
      fixed(150_000, 1000),
      0,
      INCL_20,
      {
        grossMinor: 150_000,
        discountMinor: 15_000,
        netMinor: 135_000,
        taxMinor: 22_500,
        totalMinor: 135_000,
      },
    ],
    [
      '1.5 l at 333.33: 499.995 → 500.00',
      part('1.5', 33_333),
      0,
      NO_VAT,
      { grossMinor: 50_000, discountMinor: 0, netMinor: 50_000, taxMinor: 0, totalMinor: 50_000 },
    ],
    [
      '0.333 × 1.50 = 0.4995 → 0.50',
      part('0.333', 150),
      0,
      NO_VAT,
      { grossMinor: 50, discountMinor: 0, netMinor: 50, taxMinor: 0, totalMinor: 50 },
    ],
    [
      'VAT of 0.61 included at 22 %: 0.61 × 22/122 = 0.11 exactly 0.1100 → 0.11',
      part('1', 61),
      0,
      INCL_22,
      { grossMinor: 61, discountMinor: 0, netMinor: 61, taxMinor: 11, totalMinor: 61 },
    ],
    [
      'VAT half-kopeck edge on top: 0.25 × 22 % = 0.055 → 0.06',
      part('1', 25),
      0,
      EXCL_22,
      { grossMinor: 25, discountMinor: 0, netMinor: 25, taxMinor: 6, totalMinor: 31 },
    ],
    [
      'VAT included 20 %: 1.00 → 0.1666… → 0.17',
      part('1', 100),
      0,
      INCL_20,
      { grossMinor: 100, discountMinor: 0, netMinor: 100, taxMinor: 17, totalMinor: 100 },
    ],
    [
      'line 5 % (49.9995 → 50.00) then order 10 % of 949.99 (94.999 → 95.00) on 999.99',
      part('1', 99_999, 500),
      1000,
      NO_VAT,
      { grossMinor: 99_999, discountMinor: 14_500, netMinor: 85_499, taxMinor: 0, totalMinor: 85_499 },
    ],
    [
      '100 % discount is free',
      fixed(10_000, 10_000),
      0,
      INCL_22,
      { grossMinor: 10_000, discountMinor: 10_000, netMinor: 0, taxMinor: 0, totalMinor: 0 },
    ],
    [
      'zero-priced line',
      part('3', 0),
      0,
      EXCL_22,
      { grossMinor: 0, discountMinor: 0, netMinor: 0, taxMinor: 0, totalMinor: 0 },
    ],
    [
      'large amounts stay exact: 10 000 h at 99 999 999.99/h',
      hourly(36_000_000, 9_999_999_999),
      0,
      EXCL_22,
      {
        grossMinor: 99_999_999_990_000,
        discountMinor: 0,
        netMinor: 99_999_999_990_000,
        taxMinor: 21_999_999_997_800,
        totalMinor: 121_999_999_987_800,
      },
    ],
  ])('%s', (_name, line, orderBp, tax, expected) => {
    expect(lineTotals(line, orderBp, tax)).toEqual(expected);
  });
});

describe('order totals', () => {
  it('adds the printed line figures, so lines always sum to the total', () => {
    const lines = [hourly(1200, 100_000), hourly(1200, 100_000), hourly(1200, 100_000)];
    const { lines: perLine, order } = orderTotals(lines, 0, INCL_22);
    // each 333.33: three lines make 999.99, not 1 000.00 — the sum of what is printed
    expect(perLine.map((l) => l.totalMinor)).toEqual([33_333, 33_333, 33_333]);
    expect(order.totalMinor).toBe(99_999);
    expect(order.taxMinor).toBe(perLine.reduce((s, l) => s + l.taxMinor, 0));
    expect(order.totalWithoutTaxMinor).toBe(order.totalMinor - order.taxMinor);
  });

  it('splits labour and parts and applies the order discount to every line', () => {
    const { order } = orderTotals([fixed(100_000), part('2', 25_000)], 1000, EXCL_22);
    expect(order).toEqual({
      grossMinor: 150_000,
      discountMinor: 15_000,
      netMinor: 135_000,
      taxMinor: 29_700,
      totalMinor: 164_700,
      labourMinor: 90_000,
      partsMinor: 45_000,
      totalWithoutTaxMinor: 135_000,
    });
  });

  it('an empty order is all zeros', () => {
    expect(orderTotals([], 500, INCL_22).order.totalMinor).toBe(0);
  });
});

describe('fixed-amount discounts (loyalty points)', () => {
  it.each([
    { amounts: [100n, 100n], fixed: 1n, shares: [1n, 0n] },
    { amounts: [100n, 200n], fixed: 100n, shares: [33n, 67n] },
    { amounts: [1n, 1n, 1n], fixed: 2n, shares: [1n, 1n, 0n] },
    { amounts: [0n, 500n], fixed: 100n, shares: [0n, 100n] },
    { amounts: [300n, 700n], fixed: 5_000n, shares: [300n, 700n] },
    { amounts: [300n, 700n], fixed: 0n, shares: [0n, 0n] },
    { amounts: [], fixed: 10n, shares: [] },
  ])('spreads $fixed over $amounts as $shares', ({ amounts, fixed, shares }) => {
    const spread = spreadFixedDiscount(amounts, fixed);
    expect(spread).toEqual(shares);
    expect(spread.reduce((a, b) => a + b, 0n)).toBe(
      fixed > amounts.reduce((a, b) => a + b, 0n) ? amounts.reduce((a, b) => a + b, 0n) : fixed,
    );
  });

  it('takes the amount off the lines, VAT recomputed per line, and the lines still add up to the order', () => {
    const lines: PricedLine[] = [
      { type: 'job', pricing: 'fixed', fixedPriceMinor: 300_00, discountBp: 0 },
      { type: 'part', quantity: '2', unitPriceMinor: 100_00, discountBp: 1000 },
    ];
    const tax = { rateBp: 2200, pricesIncludeTax: true };
    const plain = orderTotals(lines, 0, tax).order;
    const { lines: perLine, order } = orderTotals(lines, 0, tax, 150_00);
    expect(plain.totalMinor).toBe(480_00);
    expect(order.totalMinor).toBe(330_00);
    expect(order.discountMinor).toBe(plain.discountMinor + 150_00);
    expect(perLine.map((l) => l.netMinor)).toEqual([206_25, 123_75]);
    expect(perLine.reduce((sum, l) => sum + l.taxMinor, 0)).toBe(order.taxMinor);
    expect(perLine[0]!.taxMinor).toBe(Math.round((206_25 * 22) / 122));
  });

  it('adds VAT on top of the discounted net when prices exclude it', () => {
    const lines: PricedLine[] = [{ type: 'job', pricing: 'fixed', fixedPriceMinor: 1_000_00, discountBp: 0 }];
    const { order } = orderTotals(lines, 0, { rateBp: 2000, pricesIncludeTax: false }, 100_00);
    expect(order).toMatchObject({ netMinor: 900_00, taxMinor: 180_00, totalMinor: 1_080_00 });
  });
});
