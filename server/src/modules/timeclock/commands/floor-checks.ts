import { QueryTypes } from 'sequelize';
import type { CommandContext } from '../../../platform/context.ts';
import { notFound } from '../../../platform/errors.ts';
import { labourError } from '../rules/labour-errors.ts';

/** Look-ups every shop-floor action starts with, inside its transaction. */

export async function jobOnLift(
  cx: CommandContext,
  jobId: string,
  liftId: string | null,
): Promise<{ orderId: string; state: string; waitReason: string | null }> {
  const [job] = await cx.sequelize.query<{ order_id: string; state: string; wait_reason: string | null }>(
    `SELECT order_id, state, wait_reason FROM order_jobs WHERE id = :jobId`,
    { type: QueryTypes.SELECT, replacements: { jobId }, transaction: cx.tx },
  );
  if (!job) throw notFound('Job');
  if (liftId) {
    const [placed] = await cx.sequelize.query(
      `SELECT 1 AS one FROM lift_placements WHERE lift_id = :liftId AND order_id = :orderId AND removed_at IS NULL`,
      { type: QueryTypes.SELECT, replacements: { liftId, orderId: job.order_id }, transaction: cx.tx },
    );
    if (!placed)
      throw labourError(
        403,
        'not_on_this_lift',
        'This job belongs to a car that is not on this lift',
        'jobId',
      );
  }
  return { orderId: job.order_id, state: job.state, waitReason: job.wait_reason };
}

/** The staff member must exist (404) and work on the shop floor (409 not_a_mechanic). */
export async function shopFloorStaff(cx: CommandContext, staffId: string): Promise<{ name: string }> {
  const [staff] = await cx.sequelize.query<{ full_name: string; position: string; active: boolean }>(
    `SELECT full_name, position, active FROM staff WHERE id = :staffId`,
    { type: QueryTypes.SELECT, replacements: { staffId }, transaction: cx.tx },
  );
  if (!staff) throw notFound('Staff member');
  if (!staff.active || (staff.position !== 'mechanic' && staff.position !== 'foreman'))
    throw labourError(409, 'not_a_mechanic', `${staff.full_name} is not an active mechanic`, 'staffId');
  return { name: staff.full_name };
}
