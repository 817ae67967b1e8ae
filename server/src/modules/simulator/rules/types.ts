/** What the simulator sees of the workshop when an actor decides (loaded fresh before each decision). */

export type JobState = 'planned' | 'in_progress' | 'waiting' | 'done';
export type WaitReason = 'parts' | 'approval' | 'tool' | 'lift' | 'other';

export interface JobView {
  id: string;
  state: JobState;
  waitReason: WaitReason | null;
  normSeconds: number;
  /** null for an ordinary line; a recommendation is workable only once approved. */
  decision: 'pending' | 'approved' | 'declined' | null;
  /** Mechanics assigned to the job now. */
  staffIds: string[];
  /** The latest parts request of the job. */
  partsRequest: 'none' | 'open' | 'closed';
}

export interface OrderView {
  id: string;
  status: string;
  jobs: JobView[];
}

export interface LiftView {
  liftId: string;
  /** A pit has no lift to raise. */
  raisable: boolean;
  raised: boolean;
  bayOccupied: boolean;
  order: OrderView | null;
  /** Simulated mechanics with an open session at this lift, not counting the one deciding. */
  othersAtLift: number;
}

export type SensorState = 'raised' | 'lowered' | 'occupied' | 'free';

/** Whether a line is to be worked on (a recommendation only once the customer approved it). */
export function workable(job: JobView): boolean {
  return job.decision === null || job.decision === 'approved';
}

/** Every workable job is done and no recommendation waits for the customer: the car can go. */
export function orderFinished(order: OrderView): boolean {
  return (
    order.jobs.every((j) => !workable(j) || j.state === 'done') &&
    !order.jobs.some((j) => j.decision === 'pending')
  );
}
