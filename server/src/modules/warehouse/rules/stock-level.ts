import type { MovementKind } from '../../../contracts/warehouse.ts';

/** One part at one location, in milli-units. Invariant: 0 ≤ reserved ≤ onHand. */
export interface Level {
  onHand: number;
  reserved: number;
}

export interface LevelChange {
  kind: MovementKind;
  /** Signed change of on hand (a receipt is positive, an issue negative). */
  quantity: number;
  /** For an issue to a line: how much of the line's own reservation this movement consumes. */
  consumeReserved?: number;
}

export type LevelOutcome =
  | {
      ok: true;
      level: Level;
      /** Reservations that no longer have stock behind them (counted short). */ cutReserved: number;
    }
  | { ok: false; reason: 'insufficient'; available: number; requested: number };

const INBOUND: ReadonlySet<MovementKind> = new Set(['opening', 'receipt', 'return', 'transfer_in']);
const OUTBOUND: ReadonlySet<MovementKind> = new Set(['issue', 'transfer_out']);
/** Corrections record what is physically there: they may eat into reserved stock, never below zero. */
const CORRECTIONS: ReadonlySet<MovementKind> = new Set(['adjustment', 'stocktake']);

export const available = (level: Level): number => level.onHand - level.reserved;

/** The sign a movement kind must have: +1 inbound, −1 outbound, 0 either. */
export function movementSign(kind: MovementKind): 1 | -1 | 0 {
  if (INBOUND.has(kind)) return 1;
  if (OUTBOUND.has(kind)) return -1;
  return 0;
}

/**
 * Applies one movement to a level. Outbound movements may take only free stock (on hand − reserved)
 * plus, for an issue, the line's own reservation. Corrections downwards may take reserved stock —
 * the shelf is what it is — and report how much reservation lost its stock so that it can be cut.
 */
export function applyToLevel(level: Level, change: LevelChange): LevelOutcome {
  const { kind, quantity } = change;
  const consume = change.consumeReserved ?? 0;
  if (quantity === 0) throw new Error('A movement changes the quantity');
  const sign = movementSign(kind);
  if ((sign === 1 && quantity < 0) || (sign === -1 && quantity > 0))
    throw new Error(`A ${kind} cannot be ${quantity < 0 ? 'negative' : 'positive'}`);
  if (consume < 0 || consume > level.reserved || (consume > 0 && kind !== 'issue'))
    throw new Error('Invalid reservation consumption');
  if (consume > 0 && consume > -quantity) throw new Error('Cannot consume more reservation than is issued');

  if (quantity > 0)
    return { ok: true, level: { onHand: level.onHand + quantity, reserved: level.reserved }, cutReserved: 0 };

  const taking = -quantity;
  if (CORRECTIONS.has(kind)) {
    if (taking > level.onHand)
      return { ok: false, reason: 'insufficient', available: level.onHand, requested: taking };
    const onHand = level.onHand - taking;
    const cutReserved = Math.max(0, level.reserved - onHand);
    return { ok: true, level: { onHand, reserved: level.reserved - cutReserved }, cutReserved };
  }
  const free = available(level) + consume;
  if (taking > free) return { ok: false, reason: 'insufficient', available: free, requested: taking };
  return {
    ok: true,
    level: { onHand: level.onHand - taking, reserved: level.reserved - consume },
    cutReserved: 0,
  };
}

/** Reserving takes free stock only. */
export function reserveOnLevel(level: Level, quantity: number): Level | null {
  if (quantity < 0) throw new Error('Reserve a positive quantity');
  if (quantity > available(level)) return null;
  return { onHand: level.onHand, reserved: level.reserved + quantity };
}

export function releaseOnLevel(level: Level, quantity: number): Level {
  if (quantity < 0 || quantity > level.reserved) throw new Error('Cannot release more than is reserved');
  return { onHand: level.onHand, reserved: level.reserved - quantity };
}

export interface LedgerEntry {
  partId: string;
  locationId: string;
  quantity: number;
}

/** On hand per (part, location) from the ledger alone: the sum of its signed quantities. */
export function foldLedger(entries: Iterable<LedgerEntry>): Map<string, number> {
  const totals = new Map<string, number>();
  for (const e of entries) {
    const key = `${e.partId}|${e.locationId}`;
    const next = (totals.get(key) ?? 0) + e.quantity;
    if (next < 0) throw new Error(`The ledger goes below zero for ${key}`);
    totals.set(key, next);
  }
  return totals;
}
