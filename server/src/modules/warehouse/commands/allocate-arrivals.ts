import type { PartsArrivedEvent } from '../../../contracts/warehouse.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { newId } from '../../../platform/ids.ts';
import { execute, select } from '../db.ts';
import { orderCustomer } from '../queries/order-customer.ts';
import type { Level } from '../rules/stock-level.ts';
import { available } from '../rules/stock-level.ts';
import { levelKey, saveLevels } from './lock-levels.ts';
import { findReservation, reservationsWithShortage, saveReservation, shortageOf } from './reservation-row.ts';

export interface Arrival {
  orderId: string;
  customerId: string | null;
  partIds: string[];
}

/**
 * Received stock goes first to the repair-order lines that were waiting for it, oldest first: lines
 * reserved at the receiving location are topped up; lines that had nothing reserved anywhere move
 * their claim here. An order whose every line is now covered gets its customer marked "to be told"
 * (a notice row, and `parts.arrived` after commit).
 */
export async function allocateArrivals(
  cx: CommandContext,
  receipt: { id: string; locationId: string },
  levels: Map<string, Level>,
): Promise<Arrival[]> {
  const partIds = [
    ...new Set(
      [...levels.keys()].filter((k) => k.endsWith(`|${receipt.locationId}`)).map((k) => k.split('|')[0]!),
    ),
  ];
  const waiting = await reservationsWithShortage(cx, partIds);
  const covered = new Map<string, Set<string>>();
  const touched = new Set<string>();
  for (const candidate of waiting) {
    const line = await findReservation(cx, candidate.lineId, true);
    if (!line) continue;
    const movable = line.locationId === receipt.locationId || line.reserved === 0;
    if (!movable) continue;
    const key = levelKey({ partId: line.partId, locationId: receipt.locationId });
    const level = levels.get(key);
    if (!level) continue;
    const take = Math.min(shortageOf(line), available(level));
    if (take <= 0) continue;
    levels.set(key, { ...level, reserved: level.reserved + take });
    touched.add(key);
    const next = { ...line, locationId: receipt.locationId, reserved: line.reserved + take };
    await saveReservation(cx, next);
    if (shortageOf(next) === 0) {
      const parts = covered.get(line.orderId) ?? new Set<string>();
      parts.add(line.partId);
      covered.set(line.orderId, parts);
    }
  }
  if (touched.size) await saveLevels(cx, levels, touched, null);

  const arrivals: Arrival[] = [];
  for (const [orderId, parts] of covered) {
    const [stillShort] = await select(
      cx,
      `SELECT 1 AS one FROM stock_reservations WHERE order_id = :orderId AND reserved + issued < needed LIMIT 1`,
      { orderId },
    );
    if (stillShort) continue;
    const customerId = await orderCustomer(cx, orderId);
    const partIdList = [...parts];
    await execute(
      cx,
      `INSERT INTO parts_arrival_notices (id, order_id, customer_id, receipt_id, part_ids, created_at)
       VALUES (:id, :orderId, :customerId, :receiptId, ARRAY[:partIds]::uuid[], :now)`,
      { id: newId(), orderId, customerId, receiptId: receipt.id, partIds: partIdList, now: cx.now },
    );
    const event: PartsArrivedEvent = { type: 'parts.arrived', orderId, customerId, partIds: partIdList };
    cx.emit(event);
    arrivals.push({ orderId, customerId, partIds: partIdList });
  }
  return arrivals;
}
