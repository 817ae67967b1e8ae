import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { conflict } from '../../../platform/errors.ts';
import type { OrderJob } from '../models/index.ts';
import { OrderJobAssignment } from '../models/index.ts';
import { lineIsBillable, nextJobState, type JobAction, type WaitReason } from '../rules/job-state.ts';
import { jobsWorkable } from '../rules/order-status.ts';
import { assignMechanicRow, lockJob } from './job-assignments.ts';
import { changeOrderStatus, currentLiftOf } from './order-support.ts';

const EVENT: Record<JobAction, string> = {
  start: 'job.started',
  pause: 'job.paused',
  resume: 'job.resumed',
  complete: 'job.completed',
};

async function actOnJob(
  cx: CommandContext,
  lineId: string,
  action: JobAction,
  extra: { reason?: WaitReason; staffId?: string } = {},
): Promise<OrderJob> {
  const { order, job } = await lockJob(cx, lineId);
  if (!jobsWorkable(order.status))
    throw conflict(`The order ${order.number} is ${order.status}; its jobs cannot be worked on`, {
      orderStatus: order.status,
    });
  if (!lineIsBillable(job.decision))
    throw conflict('This recommended job has not been approved by the customer', { decision: job.decision });
  const step = nextJobState({ state: job.state, waitReason: job.waitReason }, action, extra.reason);
  if (!step.ok) throw conflict(step.problem, { state: job.state, waitReason: job.waitReason });
  const previous = { state: job.state, waitReason: job.waitReason };
  job.set({
    state: step.next.state,
    waitReason: step.next.waitReason,
    stateChangedAt: cx.now,
    updatedAt: cx.now,
  });
  if (action === 'start' && !job.startedAt) job.startedAt = cx.now;
  if (action === 'complete') job.completedAt = cx.now;
  await job.save({ transaction: cx.tx });
  if (action === 'start' && order.status === 'approved')
    await changeOrderStatus(cx, order, 'in_work', 'a job was started');
  if (
    extra.staffId &&
    !(await OrderJobAssignment.findOne({
      where: { jobId: job.id, staffId: extra.staffId, unassignedAt: null },
      transaction: cx.tx,
    }))
  ) {
    await assignMechanicRow(cx, job, extra.staffId);
  }
  const liftId = await currentLiftOf(cx, order.id);
  await recordAudit(cx, {
    action: EVENT[action],
    entityType: 'repair_order',
    entityId: order.id,
    before: { lineId: job.id, ...previous },
    after: { lineId: job.id, state: job.state, waitReason: job.waitReason },
  });
  cx.emit({
    type: EVENT[action],
    orderId: order.id,
    lineId: job.id,
    liftId,
    state: job.state,
    waitReason: job.waitReason,
    previousState: previous.state,
    previousWaitReason: previous.waitReason,
    staffId: extra.staffId ?? null,
    at: cx.now.toISOString(),
  });
  return job;
}

/**
 * Job actions for the shop floor and the desk. Each runs in the caller's transaction, checks the
 * move with rules/job-state.ts (409 when not allowed), and emits its event after the commit:
 *   job.started / job.paused / job.resumed / job.completed
 *   { orderId, lineId, liftId | null, state, waitReason, previousState, previousWaitReason, staffId | null, at }
 * Starting the first job of an approved order puts the order in work.
 */
export function startJob(cx: CommandContext, input: { lineId: string; staffId?: string }): Promise<OrderJob> {
  return actOnJob(cx, input.lineId, 'start', { staffId: input.staffId });
}

export function pauseJob(
  cx: CommandContext,
  input: { lineId: string; reason: WaitReason },
): Promise<OrderJob> {
  return actOnJob(cx, input.lineId, 'pause', { reason: input.reason });
}

export function resumeJob(cx: CommandContext, input: { lineId: string }): Promise<OrderJob> {
  return actOnJob(cx, input.lineId, 'resume');
}

export function completeJob(cx: CommandContext, input: { lineId: string }): Promise<OrderJob> {
  return actOnJob(cx, input.lineId, 'complete');
}
