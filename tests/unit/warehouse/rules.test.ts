import { describe, expect, it } from 'vitest';
import {
  canPurchaseOrder,
  statusAfterReceipt,
} from '../../../server/src/modules/warehouse/rules/purchase-order-status.ts';
import {
  compareNormalized,
  likePrefix,
  normalizeBarcode,
  normalizeNumber,
} from '../../../server/src/modules/warehouse/rules/normalize-number.ts';
import {
  milliFromDb,
  milliToDb,
  parseQuantityText,
  toMilli,
} from '../../../server/src/modules/warehouse/rules/quantity.ts';
import { reorderQuantity, roundUpToWhole } from '../../../server/src/modules/warehouse/rules/reorder.ts';
import { stocktakeAdjustments } from '../../../server/src/modules/warehouse/rules/stocktake.ts';
import { formatDocumentNumber } from '../../../server/src/modules/warehouse/rules/document-number.ts';

describe('part numbers', () => {
  it('ignores the separators people type', () => {
    for (const typed of ['W 914/2', 'w914-2', 'W.914.2', ' w914 / 2 ', 'W_914\\2'])
      expect(normalizeNumber(typed)).toBe('W9142');
    expect(normalizeNumber('06A-115-561-B')).toBe('06A115561B');
    expect(normalizeNumber('0 986 452 041')).toBe('0986452041');
    expect(normalizeNumber('--')).toBe('');
  });

  it('keeps non-Latin letters and folds full-width characters', () => {
    expect(normalizeNumber('2108-1012005')).toBe('21081012005');
    expect(normalizeNumber('ВАЗ 21-08')).toBe('ВАЗ2108');
    expect(normalizeNumber('Ｗ９１４')).toBe('W914');
  });

  it('escapes LIKE wildcards and orders numbers byte-wise', () => {
    expect(likePrefix('A_B%')).toBe('A\\_B\\%%');
    expect(compareNormalized('A1', 'B0')).toBeLessThan(0);
    expect(compareNormalized('Z', 'Я')).toBeLessThan(0);
    expect(normalizeBarcode(' 4607001234567\r\n')).toBe('4607001234567');
  });
});

describe('quantities', () => {
  it('converts exactly between API numbers, milli-units and PostgreSQL numerics', () => {
    expect(toMilli(1.5)).toBe(1_500);
    expect(toMilli(0.1 + 0.2)).toBe(300);
    expect(toMilli(1.0005)).toBeNull();
    expect(milliFromDb('12.500')).toBe(12_500);
    expect(milliFromDb('-3')).toBe(-3_000);
    expect(milliFromDb('0.001')).toBe(1);
    expect(milliToDb(-1_500)).toBe('-1.500');
    expect(milliToDb(7)).toBe('0.007');
    expect(parseQuantityText(' 4,5 ')).toBe(4_500);
    expect(parseQuantityText('1e3')).toBeNull();
  });
});

describe('purchase order state machine', () => {
  it('allows only the edges of draft → sent → partly received → received / cancelled', () => {
    expect(canPurchaseOrder('draft', 'edit')).toBe(true);
    expect(canPurchaseOrder('draft', 'receive')).toBe(false);
    expect(canPurchaseOrder('sent', 'receive')).toBe(true);
    expect(canPurchaseOrder('sent', 'edit')).toBe(false);
    expect(canPurchaseOrder('partly_received', 'cancel')).toBe(true);
    expect(canPurchaseOrder('received', 'cancel')).toBe(false);
    expect(canPurchaseOrder('cancelled', 'receive')).toBe(false);
    expect(canPurchaseOrder('cancelled', 'send')).toBe(false);
  });

  it('derives the status from what was received', () => {
    expect(statusAfterReceipt([{ quantity: 5, received: 0 }])).toBe('sent');
    expect(
      statusAfterReceipt([
        { quantity: 5, received: 2 },
        { quantity: 1, received: 0 },
      ]),
    ).toBe('partly_received');
    expect(
      statusAfterReceipt([
        { quantity: 5, received: 5 },
        { quantity: 1, received: 1 },
      ]),
    ).toBe('received');
    expect(() => statusAfterReceipt([{ quantity: 5, received: 6 }])).toThrow();
  });

  it('numbers documents the way people read them', () => {
    expect(formatDocumentNumber('PO', 2026, 123)).toBe('PO-2026-000123');
  });
});

describe('reorder', () => {
  it('fills locations below their minimum up to the maximum and adds unmet demand, less what is on order', () => {
    const locations = [
      { onHand: 2_000, reserved: 1_000, min: 2_000, max: 6_000 }, // free 1 < min 2 → order 5
      { onHand: 9_000, reserved: 0, min: 2_000, max: 6_000 }, // fine
    ];
    expect(reorderQuantity({ locations, openDemand: 0, onOrder: 0 })).toBe(5_000);
    expect(reorderQuantity({ locations, openDemand: 2_000, onOrder: 0 })).toBe(7_000);
    expect(reorderQuantity({ locations, openDemand: 2_000, onOrder: 4_000 })).toBe(3_000);
    expect(reorderQuantity({ locations, openDemand: 0, onOrder: 9_000 })).toBe(0);
    expect(reorderQuantity({ locations: [], openDemand: 1_500, onOrder: 0 })).toBe(1_500);
    expect(roundUpToWhole(1_500)).toBe(2_000);
  });
});

describe('stocktake', () => {
  it('posts the difference between the count and the books for counted lines only', () => {
    const lines = [
      { partId: 'a', counted: 5_000, onHand: 7_000 },
      { partId: 'b', counted: null, onHand: 3_000 },
      { partId: 'c', counted: 2_000, onHand: 2_000 },
      { partId: 'd', counted: 4_000, onHand: 0 },
    ];
    expect(stocktakeAdjustments(lines).map((l) => [l.partId, l.delta])).toEqual([
      ['a', -2_000],
      ['d', 4_000],
    ]);
  });
});
