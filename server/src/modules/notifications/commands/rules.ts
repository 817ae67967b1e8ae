import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { automationAction } from '../automation/actions.ts';
import type { RuleRow } from '../automation/rules-cache.ts';
import { execute, selectOne } from '../db.ts';
import { conditionProblem, type Condition } from '../rules/conditions.ts';

export interface RuleInput {
  name: string;
  eventType: string;
  conditions: Condition[];
  actionType: string;
  actionParams: Record<string, unknown>;
  enabled?: boolean;
}

function checkRule(input: Pick<RuleInput, 'conditions' | 'actionType' | 'actionParams'>): void {
  for (const [i, condition] of input.conditions.entries()) {
    const problem = conditionProblem(condition);
    if (problem) throw badRequest(`conditions.${i}.${problem}`, `conditions.${i}`);
  }
  const action = automationAction(input.actionType);
  if (!action) throw badRequest(`actionType: no action ${input.actionType} is registered`, 'actionType');
  const problem = action.check?.(input.actionParams);
  if (problem) throw badRequest(`actionParams.${problem}`, 'actionParams');
}

async function loadRule(cx: CommandContext, id: string): Promise<RuleRow> {
  const rule = await selectOne<RuleRow>(cx, `SELECT * FROM notification_rules WHERE id = :id FOR UPDATE`, {
    id,
  });
  if (!rule) throw notFound('Rule');
  return rule;
}

function changed(cx: CommandContext, id: string): void {
  cx.emit({ type: 'notifications.rules_changed', ruleId: id });
}

export async function createRule(cx: CommandContext, input: RuleInput): Promise<RuleRow> {
  checkRule(input);
  const id = newId();
  await execute(
    cx,
    `INSERT INTO notification_rules (id, code, name, event_type, conditions, action_type, action_params, enabled, builtin, position, created_at, updated_at)
     VALUES (:id, NULL, :name, :eventType, :conditions, :actionType, :actionParams, :enabled, false,
             (SELECT coalesce(max(position), 0) + 1 FROM notification_rules), :now, :now)`,
    {
      id,
      name: input.name,
      eventType: input.eventType,
      conditions: JSON.stringify(input.conditions),
      actionType: input.actionType,
      actionParams: JSON.stringify(input.actionParams),
      enabled: input.enabled ?? true,
      now: cx.now,
    },
  );
  const rule = await loadRule(cx, id);
  await recordAudit(cx, {
    action: 'notification_rule.created',
    entityType: 'notification_rule',
    entityId: id,
    after: rule,
  });
  changed(cx, id);
  return rule;
}

/** Switches a rule on or off, or edits it; a built-in rule keeps its event and action (its cause is fixed). */
export async function updateRule(
  cx: CommandContext,
  id: string,
  input: Partial<RuleInput>,
): Promise<RuleRow> {
  const before = await loadRule(cx, id);
  if (
    before.builtin &&
    ((input.eventType && input.eventType !== before.event_type) ||
      (input.actionType && input.actionType !== before.action_type))
  )
    throw conflict('A built-in rule keeps its event and action: switch it off and add your own rule instead');
  const next = {
    name: input.name ?? before.name,
    eventType: input.eventType ?? before.event_type,
    conditions: input.conditions ?? before.conditions,
    actionType: input.actionType ?? before.action_type,
    actionParams: input.actionParams ?? before.action_params,
    enabled: input.enabled ?? before.enabled,
  };
  checkRule(next);
  await execute(
    cx,
    `UPDATE notification_rules SET name = :name, event_type = :eventType, conditions = :conditions, action_type = :actionType,
            action_params = :actionParams, enabled = :enabled, updated_at = :now WHERE id = :id`,
    {
      id,
      ...next,
      conditions: JSON.stringify(next.conditions),
      actionParams: JSON.stringify(next.actionParams),
      now: cx.now,
    },
  );
  const after = await loadRule(cx, id);
  await recordAudit(cx, {
    action: 'notification_rule.updated',
    entityType: 'notification_rule',
    entityId: id,
    before,
    after,
  });
  changed(cx, id);
  return after;
}

export async function deleteRule(cx: CommandContext, id: string): Promise<void> {
  const rule = await loadRule(cx, id);
  if (rule.builtin) throw conflict('A built-in rule cannot be deleted: switch it off');
  await execute(cx, `DELETE FROM notification_rules WHERE id = :id`, { id });
  await recordAudit(cx, {
    action: 'notification_rule.deleted',
    entityType: 'notification_rule',
    entityId: id,
    before: rule,
  });
  changed(cx, id);
}
