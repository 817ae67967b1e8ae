import { QueryTypes } from 'sequelize';
import type { PlacementDto } from '../../../contracts/workshop.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { RepairOrder } from '../../workshop/models/index.ts';
import { Lift } from '../models/lift.ts';
import { placementsWhere } from '../queries/placements.ts';
import { isExclusionViolation } from './db-errors.ts';

const PLACEABLE = ['estimate', 'approved', 'in_work', 'done'];

async function currentPlacement(
  cx: CommandContext,
  where: { liftId?: string; orderId?: string },
): Promise<PlacementDto | null> {
  const [p] = await placementsWhere(cx.sequelize, { ...where, current: true }, cx.tx, true);
  return p ?? null;
}

async function closePlacement(cx: CommandContext, placement: PlacementDto, at: Date): Promise<void> {
  await cx.sequelize.query(
    `UPDATE lift_placements SET removed_at = :at, removed_by = :by, removed_by_name = :name WHERE id = :id`,
    {
      replacements: { id: placement.id, at, by: cx.actor.id, name: cx.actor.name },
      transaction: cx.tx,
    },
  );
  await recordAudit(cx, {
    action: 'placement.removed',
    entityType: 'lift',
    entityId: placement.liftId,
    after: { placementId: placement.id, orderId: placement.orderId, at },
  });
  cx.emit({
    type: 'placement.removed',
    placementId: placement.id,
    orderId: placement.orderId,
    liftId: placement.liftId,
    at: at.toISOString(),
  });
}

function instant(cx: CommandContext, at: Date | undefined): Date {
  const when = at ?? cx.now;
  if (when.getTime() > cx.now.getTime() + 60_000) throw badRequest('at: must not be in the future', 'at');
  return when;
}

/**
 * Puts the car of a repair order on a lift (the labour engine reads placements: which order is on
 * which lift, from when to when). A lift holds one order at a time; an order on another lift moves.
 * Emits `placement.placed` { placementId, orderId, liftId, at } (and `placement.removed` for a move).
 */
export async function placeOnLift(
  cx: CommandContext,
  input: { orderId: string; liftId: string; at?: Date },
): Promise<PlacementDto> {
  const at = instant(cx, input.at);
  const order = await RepairOrder.findByPk(input.orderId, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  if (!order) throw notFound('Repair order');
  if (!PLACEABLE.includes(order.status))
    throw conflict(`The order ${order.number} is ${order.status}; its car cannot be put on a lift`, {
      status: order.status,
    });
  const lift = await Lift.findByPk(input.liftId, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  if (!lift) throw notFound('Lift');
  if (lift.status !== 'working')
    throw conflict(`${lift.name} is out of order`, { liftStatus: lift.status }, 'liftId');
  const onLift = await currentPlacement(cx, { liftId: lift.id });
  if (onLift && onLift.orderId === order.id)
    throw conflict(`The car of ${order.number} is already on ${lift.name}`, { placement: onLift });
  if (onLift)
    throw conflict(
      `${lift.name} holds the car of ${onLift.orderNumber}; take it off first`,
      { placement: onLift },
      'liftId',
    );
  const elsewhere = await currentPlacement(cx, { orderId: order.id });
  if (elsewhere) await closePlacement(cx, elsewhere, at);
  const id = newId();
  try {
    await cx.sequelize.transaction({ transaction: cx.tx }, (sp) =>
      cx.sequelize.query(
        `INSERT INTO lift_placements (id, order_id, lift_id, placed_at, placed_by, placed_by_name) VALUES (:id, :orderId, :liftId, :at, :by, :name)`,
        {
          replacements: { id, orderId: order.id, liftId: lift.id, at, by: cx.actor.id, name: cx.actor.name },
          transaction: sp,
        },
      ),
    );
  } catch (err) {
    if (!isExclusionViolation(err)) throw err;
    const overlapping = await cx.sequelize.query<{ id: string }>(
      `SELECT id FROM lift_placements WHERE (lift_id = :liftId OR order_id = :orderId) AND tstzrange(placed_at, removed_at) && tstzrange(:at, NULL)`,
      {
        replacements: { liftId: lift.id, orderId: order.id, at },
        type: QueryTypes.SELECT,
        transaction: cx.tx,
      },
    );
    const placements = await placementsWhere(cx.sequelize, { ids: overlapping.map((o) => o.id) }, cx.tx);
    throw conflict('The lift or the car is taken at that time', { placements });
  }
  await recordAudit(cx, {
    action: 'placement.placed',
    entityType: 'lift',
    entityId: lift.id,
    after: { placementId: id, orderId: order.id, at },
  });
  cx.emit({
    type: 'placement.placed',
    placementId: id,
    orderId: order.id,
    liftId: lift.id,
    at: at.toISOString(),
  });
  return (await currentPlacement(cx, { liftId: lift.id }))!;
}

/** Takes the car off its lift: by order, or whatever is on a lift. Emits `placement.removed`. */
export async function removeFromLift(
  cx: CommandContext,
  input: { orderId?: string; liftId?: string; at?: Date },
): Promise<PlacementDto> {
  const at = instant(cx, input.at);
  const placement = await currentPlacement(cx, { orderId: input.orderId, liftId: input.liftId });
  if (!placement) throw notFound(input.orderId ? 'The car of this order on a lift' : 'A car on this lift');
  if (at.getTime() < new Date(placement.placedAt).getTime())
    throw badRequest('at: must not be before the car was put on the lift', 'at');
  await closePlacement(cx, placement, at);
  return { ...placement, removedAt: at.toISOString(), removedByName: cx.actor.name };
}
