import type { CommandContext } from '../../../platform/context.ts';
import { badRequest } from '../../../platform/errors.ts';
import { completeJob, pauseJob, resumeJob, startJob } from '../../workshop/commands/job-actions.ts';
import { createPartsRequest } from '../../warehouse/commands/create-parts-request.ts';
import type { WaitReasonCode } from '../../../contracts/labour.ts';
import type { LiveMechanic } from '../engine/index.ts';
import { assertPresence } from '../rules/mechanic-presence.ts';
import { jobOnLift, shopFloorStaff } from './floor-checks.ts';

export type FloorJobAction = 'start' | 'pause' | 'resume' | 'complete';

export interface JobActionInput {
  /** The kiosk's lift (the job must be on it); null from the desk. */
  liftId: string | null;
  jobId: string;
  staffId: string;
  action: FloorJobAction;
  reason?: WaitReasonCode;
  /** The mechanic as the live floor sees them (presence). */
  mechanic: LiveMechanic | undefined;
  /** The job's state on the live floor: a tap may have started it before the workshop knew. */
  liveJobState: string | null;
}

/**
 * A job action from the shop floor: checks the lift, the mechanic and their presence, then runs the
 * workshop's command in the same transaction (its event goes into the labour log before commit).
 */
export async function floorJobAction(cx: CommandContext, input: JobActionInput): Promise<void> {
  if (input.action === 'pause' && !input.reason) throw badRequest('reason: is required to pause', 'reason');
  await checkedFloorJob(cx, input);
  const lineId = input.jobId;
  switch (input.action) {
    case 'start':
      await startJob(cx, { lineId, staffId: input.staffId });
      return;
    case 'pause':
      await pauseJob(cx, { lineId, reason: input.reason! });
      return;
    case 'resume':
      await resumeJob(cx, { lineId });
      return;
    case 'complete':
      await completeJob(cx, { lineId });
      return;
  }
}

/** The mechanic asks for parts: the job waits for parts and the storekeeper gets the request, together. */
export async function requestPartsFromFloor(
  cx: CommandContext,
  input: Omit<JobActionInput, 'action' | 'reason'> & {
    note?: string;
    items?: Array<{ partId?: string; description?: string; quantity: number }>;
  },
): Promise<{ requestId: string; number: string }> {
  const job = await checkedFloorJob(cx, { ...input, action: 'pause' });
  await pauseJob(cx, { lineId: input.jobId, reason: 'parts' });
  const created = await createPartsRequest(cx, {
    orderId: job.orderId,
    jobId: input.jobId,
    liftId: input.liftId,
    note: input.note ?? null,
    items: input.items,
  });
  return { requestId: created.id, number: created.number };
}

/** The job is on this lift and the mechanic may act on it; a job a tap started is started in the workshop. */
async function checkedFloorJob(cx: CommandContext, input: JobActionInput) {
  const job = await jobOnLift(cx, input.jobId, input.liftId);
  const staff = await shopFloorStaff(cx, input.staffId);
  assertPresence(input.mechanic, 'working', staff.name);
  await startIfTapStarted(cx, input, job.state);
  return job;
}

/**
 * A tap at the lift starts the mechanic's planned jobs on the floor (LABOUR.md) without a workshop
 * command; pausing or completing such a job first records the start in the workshop.
 */
async function startIfTapStarted(cx: CommandContext, input: JobActionInput, dbState: string): Promise<void> {
  if (input.action === 'start' || input.action === 'resume') return;
  if (dbState === 'planned' && input.liveJobState === 'in_progress')
    await startJob(cx, { lineId: input.jobId, staffId: input.staffId });
}
