import type { LineReservationDto } from '../../../contracts/warehouse.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { execute, select, selectOne, type Executor } from '../db.ts';
import { milliFromDb, milliToDb, milliToNumber } from '../rules/quantity.ts';

/** A parts line's claim on stock, in milli-units. */
export interface Reservation {
  lineId: string;
  orderId: string;
  partId: string;
  locationId: string;
  needed: number;
  reserved: number;
  issued: number;
}

interface Row {
  line_id: string;
  order_id: string;
  part_id: string;
  location_id: string;
  needed: string;
  reserved: string;
  issued: string;
}

const fromRow = (r: Row): Reservation => ({
  lineId: r.line_id,
  orderId: r.order_id,
  partId: r.part_id,
  locationId: r.location_id,
  needed: milliFromDb(r.needed),
  reserved: milliFromDb(r.reserved),
  issued: milliFromDb(r.issued),
});

export async function findReservation(
  ex: Executor,
  lineId: string,
  lock = false,
): Promise<Reservation | null> {
  const row = await selectOne<Row>(
    ex,
    `SELECT * FROM stock_reservations WHERE line_id = :lineId ${lock ? 'FOR UPDATE' : ''}`,
    { lineId },
  );
  return row ? fromRow(row) : null;
}

export async function reservationsWithShortage(
  cx: CommandContext,
  partIds: string[],
): Promise<Reservation[]> {
  if (partIds.length === 0) return [];
  const rows = await select<Row>(
    cx,
    `SELECT * FROM stock_reservations WHERE part_id IN (:partIds) AND reserved + issued < needed ORDER BY created_at, line_id`,
    { partIds },
  );
  return rows.map(fromRow);
}

export async function saveReservation(cx: CommandContext, r: Reservation): Promise<void> {
  await execute(
    cx,
    `INSERT INTO stock_reservations (line_id, order_id, part_id, location_id, needed, reserved, issued, created_at, updated_at)
     VALUES (:lineId, :orderId, :partId, :locationId, :needed, :reserved, :issued, :now, :now)
     ON CONFLICT (line_id) DO UPDATE SET order_id = EXCLUDED.order_id, part_id = EXCLUDED.part_id, location_id = EXCLUDED.location_id,
       needed = EXCLUDED.needed, reserved = EXCLUDED.reserved, issued = EXCLUDED.issued, updated_at = EXCLUDED.updated_at`,
    {
      ...r,
      needed: milliToDb(r.needed),
      reserved: milliToDb(r.reserved),
      issued: milliToDb(r.issued),
      now: cx.now,
    },
  );
}

export async function deleteReservation(cx: CommandContext, lineId: string): Promise<void> {
  await execute(cx, `DELETE FROM stock_reservations WHERE line_id = :lineId`, { lineId });
}

export const shortageOf = (r: Reservation): number => Math.max(0, r.needed - r.reserved - r.issued);

export function presentReservation(r: Reservation): LineReservationDto {
  return {
    lineId: r.lineId,
    orderId: r.orderId,
    partId: r.partId,
    locationId: r.locationId,
    needed: milliToNumber(r.needed),
    reserved: milliToNumber(r.reserved),
    issued: milliToNumber(r.issued),
    shortage: milliToNumber(shortageOf(r)),
  };
}
