/**
 * The life of a repair order. estimate → approved → in_work → done → handed_over → closed, plus
 * cancelled. A few steps back are allowed where a person really needs them (an approved estimate
 * revised, a finished car that needs more work); closed and cancelled are final.
 */
export const ORDER_STATUSES = [
  'estimate',
  'approved',
  'in_work',
  'done',
  'handed_over',
  'closed',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  estimate: ['approved', 'cancelled'],
  approved: ['estimate', 'in_work', 'cancelled'],
  in_work: ['done', 'cancelled'],
  done: ['in_work', 'handed_over'],
  handed_over: ['closed'],
  closed: [],
  cancelled: [],
};

export function allowedTransitions(from: OrderStatus): readonly OrderStatus[] {
  return NEXT[from];
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to);
}

/** Lines (labour, parts, decisions) can no longer change once the order is closed or cancelled. */
export function linesLocked(status: OrderStatus): boolean {
  return status === 'closed' || status === 'cancelled';
}

/** Whether a job of an order in this status may be worked on (started, paused, resumed, completed). */
export function jobsWorkable(status: OrderStatus): boolean {
  return status === 'approved' || status === 'in_work';
}

export interface TransitionFacts {
  /** total − paid, in minor units. */
  balanceMinor: number;
  /** Jobs currently in progress or waiting. */
  activeJobs: number;
  /** Jobs that have ever been started. */
  startedJobs: number;
  allowCredit: boolean;
  reason: string | null;
}

/** Why the order cannot move from `from` to `to` (null when it can). */
export function transitionProblem(from: OrderStatus, to: OrderStatus, facts: TransitionFacts): string | null {
  if (from === to) return `The order is already ${from}`;
  if (!canTransition(from, to)) return `An order cannot go from ${from} to ${to}`;
  if (to === 'cancelled' && !facts.reason) return 'Cancelling an order needs a reason';
  if (to === 'cancelled' && facts.activeJobs > 0)
    return 'Stop the jobs in progress before cancelling the order';
  if (to === 'done' && facts.activeJobs > 0) return 'Jobs are still in progress or waiting';
  if (from === 'approved' && to === 'estimate' && facts.startedJobs > 0)
    return 'Work has started; the order cannot go back to an estimate';
  if (to === 'closed' && facts.balanceMinor > 0 && !facts.allowCredit)
    return 'The order is not paid in full; closing it on credit needs the allow-credit permission';
  return null;
}
