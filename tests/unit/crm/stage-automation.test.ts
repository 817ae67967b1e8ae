import { describe, expect, it } from 'vitest';
import {
  decideAutomaticMove,
  directTrigger,
  manualMoveProblem,
  orderTrigger,
} from '../../../server/src/modules/crm/rules/stage-automation.ts';

const open = (stagePosition: number, manualFloorPosition: number | null = null) => ({
  status: 'open' as const,
  deleted: false,
  stagePosition,
  manualFloorPosition,
});
const stage = (position: number, kind: 'open' | 'won' | 'lost' = 'open') => ({ position, kind });
const forwardOnly = { allowBackward: false };
const backward = { allowBackward: true };

describe('automatic moves', () => {
  it('moves forward', () => {
    expect(decideAutomaticMove(open(0), stage(3), forwardOnly)).toEqual({ move: true });
    expect(decideAutomaticMove(open(5), stage(6, 'won'), forwardOnly)).toEqual({ move: true });
  });

  it('does not move backward unless the rule allows it', () => {
    expect(decideAutomaticMove(open(3), stage(2), forwardOnly)).toEqual({ move: false, reason: 'backward' });
    expect(decideAutomaticMove(open(3), stage(1), backward)).toEqual({ move: true });
  });

  it('never touches closed or deleted deals, and ignores the same stage', () => {
    expect(decideAutomaticMove({ ...open(6), status: 'won' }, stage(7), forwardOnly)).toEqual({
      move: false,
      reason: 'closed',
    });
    expect(decideAutomaticMove({ ...open(7), status: 'lost' }, stage(1), backward)).toEqual({
      move: false,
      reason: 'closed',
    });
    expect(decideAutomaticMove({ ...open(1), deleted: true }, stage(3), forwardOnly)).toEqual({
      move: false,
      reason: 'deleted',
    });
    expect(decideAutomaticMove(open(3), stage(3), forwardOnly)).toEqual({
      move: false,
      reason: 'same_stage',
    });
  });

  it('a manual move wins: no automatic move below the stage a person chose, forward moves still happen', () => {
    // A person put the deal in "awaiting arrival" (3); a cancelled appointment may not take it back to "agreeing" (1).
    expect(decideAutomaticMove(open(3, 3), stage(1), backward)).toEqual({
      move: false,
      reason: 'below_manual_move',
    });
    // A person took it back to "agreeing" (1) by hand, then the car was booked: forward to 3 is fine.
    expect(decideAutomaticMove(open(1, 1), stage(3), forwardOnly)).toEqual({ move: true });
    // Later the deal moved on automatically (to 4); a backward rule may go down to the manual floor but not below.
    expect(decideAutomaticMove(open(4, 2), stage(2), backward)).toEqual({ move: true });
    expect(decideAutomaticMove(open(4, 2), stage(1), backward)).toEqual({
      move: false,
      reason: 'below_manual_move',
    });
  });
});

describe('manual moves', () => {
  const deal = { status: 'open' as const, deleted: false, stageId: 's1', pipelineId: 'p1' };
  it('are refused for the same stage, another pipeline, a closed or deleted deal and an inactive stage', () => {
    expect(manualMoveProblem(deal, { id: 's2', pipelineId: 'p1', active: true })).toBeNull();
    expect(manualMoveProblem(deal, { id: 's1', pipelineId: 'p1', active: true })).toBe('same_stage');
    expect(manualMoveProblem(deal, { id: 's9', pipelineId: 'p2', active: true })).toBe('other_pipeline');
    expect(manualMoveProblem({ ...deal, status: 'won' }, { id: 's2', pipelineId: 'p1', active: true })).toBe(
      'closed',
    );
    expect(manualMoveProblem({ ...deal, deleted: true }, { id: 's2', pipelineId: 'p1', active: true })).toBe(
      'deleted',
    );
    expect(manualMoveProblem(deal, { id: 's2', pipelineId: 'p1', active: false })).toBe('inactive_stage');
  });
});

describe('event → trigger mapping', () => {
  it('orders: in work, done, and won only when handed over and paid in full', () => {
    expect(
      orderTrigger({ type: 'order.status_changed', to: 'in_work' }, { status: 'in_work', balanceMinor: 100 }),
    ).toBe('order.in_work');
    expect(
      orderTrigger({ type: 'order.status_changed', to: 'done' }, { status: 'done', balanceMinor: 100 }),
    ).toBe('order.done');
    expect(
      orderTrigger(
        { type: 'order.status_changed', to: 'handed_over' },
        { status: 'handed_over', balanceMinor: 100 },
      ),
    ).toBeNull();
    expect(
      orderTrigger(
        { type: 'order.status_changed', to: 'handed_over' },
        { status: 'handed_over', balanceMinor: 0 },
      ),
    ).toBe('order.paid_handed_over');
    expect(orderTrigger({ type: 'payment.recorded' }, { status: 'done', balanceMinor: 0 })).toBeNull();
    expect(orderTrigger({ type: 'payment.recorded' }, { status: 'handed_over', balanceMinor: 0 })).toBe(
      'order.paid_handed_over',
    );
    expect(orderTrigger({ type: 'payment.recorded' }, { status: 'closed', balanceMinor: -50 })).toBe(
      'order.paid_handed_over',
    );
    expect(
      orderTrigger({ type: 'order.status_changed', to: 'approved' }, { status: 'approved', balanceMinor: 0 }),
    ).toBeNull();
  });

  it('appointments and purchase orders', () => {
    expect(directTrigger('appointment.booked')).toBe('appointment.booked');
    expect(directTrigger('appointment.cancelled')).toBe('appointment.cancelled');
    expect(directTrigger('appointment.no_show')).toBe('appointment.no_show');
    expect(directTrigger('purchase_order.changed', 'sent')).toBe('purchase_order.sent');
    expect(directTrigger('purchase_order.changed', 'draft')).toBeNull();
    expect(directTrigger('appointment.arrived')).toBeNull();
  });
});
