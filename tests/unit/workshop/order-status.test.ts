import { describe, expect, it } from 'vitest';
import {
  ORDER_STATUSES,
  allowedTransitions,
  canTransition,
  jobsWorkable,
  linesLocked,
  transitionProblem,
  type OrderStatus,
  type TransitionFacts,
} from '../../../server/src/modules/workshop/rules/order-status.ts';

const facts = (over: Partial<TransitionFacts> = {}): TransitionFacts => ({
  balanceMinor: 0,
  activeJobs: 0,
  startedJobs: 0,
  allowCredit: false,
  reason: null,
  ...over,
});

const ALLOWED: Array<[OrderStatus, OrderStatus]> = [
  ['estimate', 'approved'],
  ['estimate', 'cancelled'],
  ['approved', 'estimate'],
  ['approved', 'in_work'],
  ['approved', 'cancelled'],
  ['in_work', 'done'],
  ['in_work', 'cancelled'],
  ['done', 'in_work'],
  ['done', 'handed_over'],
  ['handed_over', 'closed'],
];

describe('repair order state machine', () => {
  it('allows exactly the listed transitions', () => {
    for (const from of ORDER_STATUSES) {
      for (const to of ORDER_STATUSES) {
        const expected = ALLOWED.some(([f, t]) => f === from && t === to);
        expect(canTransition(from, to), `${from} → ${to}`).toBe(expected);
      }
    }
  });

  it('closed and cancelled are final and lock the lines', () => {
    expect(allowedTransitions('closed')).toEqual([]);
    expect(allowedTransitions('cancelled')).toEqual([]);
    expect(linesLocked('closed')).toBe(true);
    expect(linesLocked('cancelled')).toBe(true);
    for (const s of ['estimate', 'approved', 'in_work', 'done', 'handed_over'] as const)
      expect(linesLocked(s)).toBe(false);
  });

  it('jobs can be worked on only in approved and in-work orders', () => {
    expect(ORDER_STATUSES.filter(jobsWorkable)).toEqual(['approved', 'in_work']);
  });

  it.each<[string, OrderStatus, OrderStatus, Partial<TransitionFacts>, RegExp | null]>([
    ['same status', 'estimate', 'estimate', {}, /already/],
    ['skipping steps', 'estimate', 'done', {}, /cannot go from estimate to done/],
    ['cancel without a reason', 'estimate', 'cancelled', {}, /reason/],
    ['cancel with a reason', 'estimate', 'cancelled', { reason: 'customer left' }, null],
    [
      'cancel while a job is running',
      'in_work',
      'cancelled',
      { reason: 'x', activeJobs: 1 },
      /Stop the jobs/,
    ],
    ['done while a job waits', 'in_work', 'done', { activeJobs: 2 }, /still in progress/],
    ['done when all jobs stopped', 'in_work', 'done', {}, null],
    ['back to estimate after work started', 'approved', 'estimate', { startedJobs: 1 }, /Work has started/],
    ['close unpaid', 'handed_over', 'closed', { balanceMinor: 100 }, /not paid in full/],
    ['close unpaid on credit', 'handed_over', 'closed', { balanceMinor: 100, allowCredit: true }, null],
    ['close overpaid (refund owed) is allowed', 'handed_over', 'closed', { balanceMinor: -100 }, null],
    ['reopen a closed order', 'closed', 'in_work', {}, /cannot go/],
  ])('%s', (_name, from, to, over, expected) => {
    const problem = transitionProblem(from, to, facts(over));
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});
