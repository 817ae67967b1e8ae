import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { selectOne } from '../db.ts';
import { changeStage, lockDeal, stageById, stageByCode } from '../commands/deal-support.ts';
import { insertTask, resolveAssignee } from '../commands/tasks.ts';
import { decideAutomaticMove, type StageTrigger } from '../rules/stage-automation.ts';

interface RuleRow {
  stage_code: string;
  allow_backward: boolean;
  task_title: string | null;
  task_due_minutes: number | null;
}

export type TriggerOutcome = 'moved' | 'skipped' | 'no_rule';

/**
 * Applies the pipeline's rule for a trigger to one deal: moves it when rules/stage-automation.ts
 * allows (logging a skipped move in the audit log with its reason) and creates the rule's task.
 */
export async function applyTrigger(
  cx: CommandContext,
  dealId: string,
  trigger: StageTrigger,
  context: { note?: string } = {},
): Promise<TriggerOutcome> {
  const deal = await lockDeal(cx, dealId);
  const rule = await selectOne<RuleRow>(
    cx,
    `SELECT stage_code, allow_backward, task_title, task_due_minutes FROM deal_stage_rules
      WHERE pipeline_id = :pipelineId AND trigger = :trigger AND active`,
    { pipelineId: deal.pipeline_id, trigger },
  );
  if (!rule) return 'no_rule';
  const [target, current] = await Promise.all([
    stageByCode(cx, deal.pipeline_id, rule.stage_code),
    stageById(cx, deal.stage_id),
  ]);
  if (!target || !current) return 'no_rule';
  const decision = decideAutomaticMove(
    {
      status: deal.status,
      deleted: deal.deleted_at !== null,
      stagePosition: current.position,
      manualFloorPosition: deal.manual_floor_position,
    },
    { position: target.position, kind: target.kind },
    { allowBackward: rule.allow_backward },
  );
  let outcome: TriggerOutcome = 'skipped';
  if (decision.move) {
    await changeStage(cx, deal, target, { cause: 'automatic', trigger, note: context.note ?? null });
    outcome = 'moved';
  } else if (decision.reason !== 'same_stage') {
    await recordAudit(cx, {
      action: 'deal.auto_move_skipped',
      entityType: 'deal',
      entityId: deal.id,
      after: { trigger, from: current.code, to: target.code, reason: decision.reason },
    });
  }
  if (rule.task_title && rule.task_due_minutes !== null && !deal.deleted_at && deal.status === 'open') {
    const assigneeId = await resolveAssignee(cx, [deal.owner_id]);
    if (assigneeId)
      await insertTask(cx, {
        title: rule.task_title,
        dealId: deal.id,
        customerId: deal.customer_id,
        vehicleId: deal.vehicle_id,
        assigneeId,
        dueAt: new Date(cx.now.getTime() + rule.task_due_minutes * 60_000),
        origin: 'automation',
        ruleCode: trigger,
        notes: context.note ?? null,
      });
  }
  return outcome;
}
