import type { CommandContext } from '../../../platform/context.ts';
import { select, selectOne } from '../db.ts';
import { insertTask, resolveAssignee } from './tasks.ts';

/**
 * "Deal idle N days in a stage → follow up" (the rule deal.idle in crm_task_rules): one task per
 * deal and stay in a stage — a deal gets another only after it moves and sits still again.
 */
export async function followUpIdleDeals(cx: CommandContext, limit = 500): Promise<number> {
  const rule = await selectOne<{ title: string; due_minutes: number; idle_days: number }>(
    cx,
    `SELECT title, due_minutes, idle_days FROM crm_task_rules WHERE trigger = 'deal.idle' AND active`,
  );
  if (!rule) return 0;
  const deals = await select<{
    id: string;
    owner_id: string | null;
    customer_id: string | null;
    vehicle_id: string | null;
  }>(
    cx,
    `SELECT d.id, d.owner_id, d.customer_id, d.vehicle_id FROM deals d
      WHERE d.status = 'open' AND d.deleted_at IS NULL
        AND d.stage_entered_at <= :now::timestamptz - make_interval(days => :days)
        AND NOT EXISTS (SELECT 1 FROM crm_tasks t WHERE t.deal_id = d.id AND t.rule_code = 'deal.idle'
                          AND t.deleted_at IS NULL AND (t.status = 'open' OR t.created_at >= d.stage_entered_at))
      ORDER BY d.stage_entered_at LIMIT :limit`,
    { now: cx.now, days: rule.idle_days, limit },
  );
  let created = 0;
  for (const deal of deals) {
    const assigneeId = await resolveAssignee(cx, [deal.owner_id]);
    if (!assigneeId) continue;
    await insertTask(cx, {
      title: rule.title,
      dealId: deal.id,
      customerId: deal.customer_id,
      vehicleId: deal.vehicle_id,
      assigneeId,
      dueAt: new Date(cx.now.getTime() + rule.due_minutes * 60_000),
      origin: 'rule',
      ruleCode: 'deal.idle',
    });
    created += 1;
  }
  return created;
}
