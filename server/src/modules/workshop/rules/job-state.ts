/**
 * The state of one labour line (a "job"). Jobs are started, paused with a reason, resumed and
 * completed from the lift kiosk, the desk or the shop-floor module; this is the only place that
 * says which of those moves are allowed.
 */
export const JOB_STATES = ['planned', 'in_progress', 'waiting', 'done'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const WAIT_REASONS = ['parts', 'approval', 'tool', 'lift', 'other'] as const;
export type WaitReason = (typeof WAIT_REASONS)[number];
export type JobAction = 'start' | 'pause' | 'resume' | 'complete';

export interface JobPosition {
  state: JobState;
  waitReason: WaitReason | null;
}

export type JobStep = { ok: true; next: JobPosition } | { ok: false; problem: string };

export function nextJobState(current: JobPosition, action: JobAction, reason?: WaitReason): JobStep {
  const refuse = (problem: string): JobStep => ({ ok: false, problem });
  switch (action) {
    case 'start':
      return current.state === 'planned'
        ? { ok: true, next: { state: 'in_progress', waitReason: null } }
        : refuse(`A ${current.state} job cannot be started`);
    case 'pause':
      if (!reason) return refuse('Pausing a job needs a reason');
      if (current.state === 'in_progress')
        return { ok: true, next: { state: 'waiting', waitReason: reason } };
      if (current.state === 'waiting') {
        return current.waitReason === reason
          ? refuse(`The job is already waiting for ${reason}`)
          : { ok: true, next: { state: 'waiting', waitReason: reason } };
      }
      return refuse(`A ${current.state} job cannot be paused`);
    case 'resume':
      return current.state === 'waiting'
        ? { ok: true, next: { state: 'in_progress', waitReason: null } }
        : refuse(`A ${current.state} job cannot be resumed`);
    case 'complete':
      return current.state === 'in_progress' || current.state === 'waiting'
        ? { ok: true, next: { state: 'done', waitReason: null } }
        : refuse(`A ${current.state} job cannot be completed`);
  }
}

export type LineDecision = 'pending' | 'approved' | 'declined' | null;

/** A line counts (is billed, may be worked on) unless it is a recommendation not yet approved. */
export function lineIsBillable(decision: LineDecision): boolean {
  return decision === null || decision === 'approved';
}
