import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { Staff } from '../../identity/models/index.ts';
import { actorRef } from '../actor.ts';
import { OrderJob, OrderJobAssignment } from '../models/index.ts';
import { assertLinesEditable, currentLiftOf, lockOrder } from './order-support.ts';

export interface JobStaffInput {
  lineId: string;
  staffId: string;
}

/** Opens an assignment row; refuses a person who is not active shop-floor staff or already on the job. */
export async function assignMechanicRow(
  cx: CommandContext,
  job: OrderJob,
  staffId: string,
): Promise<OrderJobAssignment> {
  const staff = await Staff.findByPk(staffId, { transaction: cx.tx });
  if (!staff) throw notFound('Staff member');
  if (!staff.active) throw conflict(`${staff.fullName} is not active`, undefined, 'staffId');
  if (staff.position !== 'mechanic' && staff.position !== 'foreman')
    throw conflict(`${staff.fullName} is not a mechanic`, undefined, 'staffId');
  const open = await OrderJobAssignment.findOne({
    where: { jobId: job.id, staffId, unassignedAt: null },
    transaction: cx.tx,
  });
  if (open) throw conflict(`${staff.fullName} is already assigned to this job`, undefined, 'staffId');
  const row = await OrderJobAssignment.create(
    {
      id: newId(),
      jobId: job.id,
      staffId,
      assignedAt: cx.now,
      assignedBy: actorRef(cx.actor),
      assignedByName: cx.actor.name,
    },
    { transaction: cx.tx },
  );
  // Every way onto a job (assign, a line added with its mechanics, a start by a mechanic) says so:
  // the labour log learns assignments from this event only.
  cx.emit({
    type: 'job.mechanic_assigned',
    orderId: job.orderId,
    lineId: job.id,
    staffId,
    liftId: await currentLiftOf(cx, job.orderId),
    at: cx.now.toISOString(),
  });
  return row;
}

export async function lockJob(cx: CommandContext, lineId: string) {
  const found = await OrderJob.findByPk(lineId, { transaction: cx.tx, attributes: ['id', 'orderId'] });
  if (!found) throw notFound('Job');
  const order = await lockOrder(cx, found.orderId);
  const job = await OrderJob.findByPk(lineId, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  return { order, job: job! };
}

/** Puts a mechanic on a job (the assignment history keeps who and when). Emits `job.mechanic_assigned` (in assignMechanicRow). */
export async function assignMechanic(cx: CommandContext, input: JobStaffInput): Promise<OrderJobAssignment> {
  const { order, job } = await lockJob(cx, input.lineId);
  assertLinesEditable(order);
  const row = await assignMechanicRow(cx, job, input.staffId);
  await recordAudit(cx, {
    action: 'job.mechanic_assigned',
    entityType: 'repair_order',
    entityId: order.id,
    after: { lineId: job.id, staffId: input.staffId },
  });
  return row;
}

/** Takes a mechanic off a job: the open assignment row is closed, never deleted. Emits `job.mechanic_unassigned`. */
export async function unassignMechanic(cx: CommandContext, input: JobStaffInput): Promise<void> {
  const { order, job } = await lockJob(cx, input.lineId);
  assertLinesEditable(order);
  const open = await OrderJobAssignment.findOne({
    where: { jobId: job.id, staffId: input.staffId, unassignedAt: null },
    transaction: cx.tx,
    lock: cx.tx.LOCK.UPDATE,
  });
  if (!open) throw notFound('Assignment of this mechanic to the job');
  open.set({ unassignedAt: cx.now, unassignedBy: actorRef(cx.actor), unassignedByName: cx.actor.name });
  await open.save({ transaction: cx.tx });
  await recordAudit(cx, {
    action: 'job.mechanic_unassigned',
    entityType: 'repair_order',
    entityId: order.id,
    after: { lineId: job.id, staffId: input.staffId },
  });
  cx.emit({
    type: 'job.mechanic_unassigned',
    orderId: order.id,
    lineId: job.id,
    staffId: input.staffId,
    liftId: await currentLiftOf(cx, order.id),
    at: cx.now.toISOString(),
  });
}
