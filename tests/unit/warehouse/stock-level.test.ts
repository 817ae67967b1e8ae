import { describe, expect, it } from 'vitest';
import {
  applyToLevel,
  foldLedger,
  releaseOnLevel,
  reserveOnLevel,
} from '../../../server/src/modules/warehouse/rules/stock-level.ts';

describe('ledger arithmetic on a level', () => {
  it('adds receipts and takes issues from free stock', () => {
    const after = applyToLevel({ onHand: 2_000, reserved: 0 }, { kind: 'receipt', quantity: 3_000 });
    expect(after).toEqual({ ok: true, level: { onHand: 5_000, reserved: 0 }, cutReserved: 0 });
    expect(
      applyToLevel({ onHand: 5_000, reserved: 0 }, { kind: 'transfer_out', quantity: -5_000 }),
    ).toMatchObject({ ok: true, level: { onHand: 0 } });
  });

  it('refuses to take more than is free: the last unit is issued once', () => {
    const level = { onHand: 1_000, reserved: 0 };
    const first = applyToLevel(level, { kind: 'issue', quantity: -1_000 });
    expect(first.ok).toBe(true);
    const second = applyToLevel(first.ok ? first.level : level, { kind: 'issue', quantity: -1_000 });
    expect(second).toEqual({ ok: false, reason: 'insufficient', available: 0, requested: 1_000 });
  });

  it('protects reserved stock from other issues, but lets the line consume its own reservation', () => {
    const level = { onHand: 3_000, reserved: 2_000 };
    expect(applyToLevel(level, { kind: 'issue', quantity: -2_000 })).toMatchObject({
      ok: false,
      available: 1_000,
    });
    expect(applyToLevel(level, { kind: 'issue', quantity: -3_000, consumeReserved: 2_000 })).toEqual({
      ok: true,
      level: { onHand: 0, reserved: 0 },
      cutReserved: 0,
    });
  });

  it('lets a correction eat into reserved stock and reports the reservation that lost its stock', () => {
    const out = applyToLevel({ onHand: 3_000, reserved: 2_000 }, { kind: 'stocktake', quantity: -2_500 });
    expect(out).toEqual({ ok: true, level: { onHand: 500, reserved: 500 }, cutReserved: 1_500 });
  });

  it('never lets a correction go below zero', () => {
    expect(
      applyToLevel({ onHand: 1_000, reserved: 0 }, { kind: 'adjustment', quantity: -1_001 }),
    ).toMatchObject({ ok: false });
  });

  it('refuses movements with the wrong sign for their kind', () => {
    expect(() => applyToLevel({ onHand: 0, reserved: 0 }, { kind: 'receipt', quantity: -1 })).toThrow();
    expect(() => applyToLevel({ onHand: 5, reserved: 0 }, { kind: 'issue', quantity: 1 })).toThrow();
    expect(() => applyToLevel({ onHand: 5, reserved: 0 }, { kind: 'adjustment', quantity: 0 })).toThrow();
  });

  it('reserves only free stock and releases only what is reserved', () => {
    expect(reserveOnLevel({ onHand: 2_000, reserved: 1_500 }, 500)).toEqual({
      onHand: 2_000,
      reserved: 2_000,
    });
    expect(reserveOnLevel({ onHand: 2_000, reserved: 1_500 }, 501)).toBeNull();
    expect(releaseOnLevel({ onHand: 2_000, reserved: 1_500 }, 1_500)).toEqual({ onHand: 2_000, reserved: 0 });
    expect(() => releaseOnLevel({ onHand: 2_000, reserved: 1_500 }, 1_501)).toThrow();
  });

  it('folds a ledger into on-hand per part and location, and equals applying the movements one by one', () => {
    const ledger = [
      { partId: 'p', locationId: 'a', quantity: 10_000 },
      { partId: 'p', locationId: 'a', quantity: -4_000 },
      { partId: 'p', locationId: 'b', quantity: 4_000 },
      { partId: 'q', locationId: 'a', quantity: 1_500 },
      { partId: 'p', locationId: 'a', quantity: -6_000 },
    ];
    expect(Object.fromEntries(foldLedger(ledger))).toEqual({ 'p|a': 0, 'p|b': 4_000, 'q|a': 1_500 });
    expect(() => foldLedger([{ partId: 'p', locationId: 'a', quantity: -1 }])).toThrow();
  });
});
