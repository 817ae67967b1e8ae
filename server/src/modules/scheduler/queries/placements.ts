import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { PlacementDto } from '../../../contracts/workshop.ts';

interface PlacementRow {
  id: string;
  order_id: string;
  number: string;
  lift_id: string;
  placed_at: Date;
  removed_at: Date | null;
  placed_by_name: string | null;
  removed_by_name: string | null;
}

const present = (r: PlacementRow): PlacementDto => ({
  id: r.id,
  orderId: r.order_id,
  orderNumber: r.number,
  liftId: r.lift_id,
  placedAt: new Date(r.placed_at).toISOString(),
  removedAt: r.removed_at ? new Date(r.removed_at).toISOString() : null,
  placedByName: r.placed_by_name,
  removedByName: r.removed_by_name,
});

export async function placementsWhere(
  sequelize: Sequelize,
  q: { liftId?: string; orderId?: string; current?: boolean; ids?: string[]; from?: Date; to?: Date },
  tx?: Transaction,
  lock = false,
): Promise<PlacementDto[]> {
  const conditions = ['true'];
  const replacements: Record<string, unknown> = {};
  if (q.liftId) {
    conditions.push('p.lift_id = :liftId');
    replacements.liftId = q.liftId;
  }
  if (q.orderId) {
    conditions.push('p.order_id = :orderId');
    replacements.orderId = q.orderId;
  }
  if (q.current) conditions.push('p.removed_at IS NULL');
  if (q.ids) {
    if (q.ids.length === 0) return [];
    conditions.push('p.id IN (:ids)');
    replacements.ids = q.ids;
  }
  if (q.from && q.to) {
    conditions.push('tstzrange(p.placed_at, p.removed_at) && tstzrange(:from, :to)');
    Object.assign(replacements, { from: q.from, to: q.to });
  }
  const rows = await sequelize.query<PlacementRow>(
    `SELECT p.id, p.order_id, o.number, p.lift_id, p.placed_at, p.removed_at, p.placed_by_name, p.removed_by_name
       FROM lift_placements p JOIN repair_orders o ON o.id = p.order_id
      WHERE ${conditions.join(' AND ')} ORDER BY p.placed_at DESC${lock ? ' FOR UPDATE OF p' : ''}`,
    { replacements, type: QueryTypes.SELECT, transaction: tx },
  );
  return rows.map(present);
}
