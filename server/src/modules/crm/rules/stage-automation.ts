/**
 * Automatic deal moves. Domain events become triggers (the mapping trigger → stage is configuration,
 * the table deal_stage_rules); whether a triggered move happens is decided here.
 *
 * "A manual move always wins" means precisely:
 *   1. An automatic move never touches a closed deal (won or lost) or a deleted one; only a person
 *      reopens a deal.
 *   2. An automatic move goes forward (to a stage with a higher position) unless its rule is marked
 *      `allowBackward` (appointment cancelled / no-show → back to "agreeing").
 *   3. After a person moved a deal by hand, no automatic move takes it to a stage before the one the
 *      person chose (the "manual floor"), however long ago that was; forward moves are still made.
 *      The person's choice stands until they move it again.
 * A skipped move is written to the audit log with its reason; the rule's task is still created.
 */
export const STAGE_TRIGGERS = [
  'appointment.booked',
  'appointment.cancelled',
  'appointment.no_show',
  'purchase_order.sent',
  'order.in_work',
  'order.done',
  'order.paid_handed_over',
] as const;
export type StageTrigger = (typeof STAGE_TRIGGERS)[number];

export type StageKind = 'open' | 'won' | 'lost';

export interface DealPlace {
  status: StageKind;
  deleted: boolean;
  stagePosition: number;
  /** Position of the stage a person last chose by hand; null when the deal never moved by hand. */
  manualFloorPosition: number | null;
}

export interface TargetStage {
  position: number;
  kind: StageKind;
}

export type SkipReason = 'closed' | 'deleted' | 'same_stage' | 'backward' | 'below_manual_move';
export type AutoMoveDecision = { move: true } | { move: false; reason: SkipReason };

export function decideAutomaticMove(
  deal: DealPlace,
  target: TargetStage,
  rule: { allowBackward: boolean },
): AutoMoveDecision {
  if (deal.deleted) return { move: false, reason: 'deleted' };
  if (deal.status !== 'open') return { move: false, reason: 'closed' };
  if (target.position === deal.stagePosition) return { move: false, reason: 'same_stage' };
  const backward = target.position < deal.stagePosition;
  if (backward && !rule.allowBackward) return { move: false, reason: 'backward' };
  if (deal.manualFloorPosition !== null && target.position < deal.manualFloorPosition)
    return { move: false, reason: 'below_manual_move' };
  return { move: true };
}

export type ManualMoveProblem = 'deleted' | 'closed' | 'same_stage' | 'other_pipeline' | 'inactive_stage';

/** Why a person cannot move the deal to the stage (null when they can); a closed deal is reopened first. */
export function manualMoveProblem(
  deal: { status: StageKind; deleted: boolean; stageId: string; pipelineId: string },
  target: { id: string; pipelineId: string; active: boolean },
): ManualMoveProblem | null {
  if (deal.deleted) return 'deleted';
  if (deal.status !== 'open') return 'closed';
  if (target.pipelineId !== deal.pipelineId) return 'other_pipeline';
  if (target.id === deal.stageId) return 'same_stage';
  if (!target.active) return 'inactive_stage';
  return null;
}

export interface OrderFacts {
  status: string;
  balanceMinor: number;
}

/** The trigger an order status change or a payment fires, given the order as it is after the change. */
export function orderTrigger(
  event: { type: 'order.status_changed'; to: string } | { type: 'payment.recorded' },
  order: OrderFacts,
): StageTrigger | null {
  const paidAndHandedOver =
    (order.status === 'handed_over' || order.status === 'closed') && order.balanceMinor <= 0;
  if (event.type === 'payment.recorded') return paidAndHandedOver ? 'order.paid_handed_over' : null;
  if (event.to === 'in_work') return 'order.in_work';
  if (event.to === 'done') return 'order.done';
  if (event.to === 'handed_over' || event.to === 'closed')
    return paidAndHandedOver ? 'order.paid_handed_over' : null;
  return null;
}

/** Triggers that come straight from an event type, without looking at anything else. */
export function directTrigger(type: string, status?: unknown): StageTrigger | null {
  switch (type) {
    case 'appointment.booked':
      return 'appointment.booked';
    case 'appointment.cancelled':
      return 'appointment.cancelled';
    case 'appointment.no_show':
      return 'appointment.no_show';
    case 'purchase_order.changed':
      return status === 'sent' ? 'purchase_order.sent' : null;
    default:
      return null;
  }
}
