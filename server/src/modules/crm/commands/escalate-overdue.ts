import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { select } from '../db.ts';
import { loadCrmSettings } from '../queries/settings.ts';

/**
 * Reminders, overdue notices and escalations, one pass (the job runs it every minute; tests call it
 * with their clock). Each happens once per task:
 *   remind_at reached           → crm.task.reminder  { taskId, userId: assignee }
 *   due time passed             → crm.task.overdue   { taskId, userId: assignee }
 *   due + escalation delay      → crm.task.escalated { taskId, userId: supervisor, assigneeId }
 * The supervisor is the assignee's row in user_supervisors, else the station's default supervisor
 * (crm_settings); with neither, or when the assignee supervises themselves, the task is marked
 * escalated to nobody so it is not looked at again. The realtime layer forwards these events to the
 * `user:<id>` room; a new due time or assignee starts the clock again (see updateTask).
 */
export async function escalateOverdue(
  cx: CommandContext,
): Promise<{ reminded: number; overdue: number; escalated: number }> {
  const settings = await loadCrmSettings(cx);
  const reminded = await select<{ id: string; assignee_id: string; title: string }>(
    cx,
    `UPDATE crm_tasks SET reminded_at = :now
      WHERE status = 'open' AND deleted_at IS NULL AND reminded_at IS NULL AND remind_at IS NOT NULL AND remind_at <= :now
      RETURNING id, assignee_id, title`,
    { now: cx.now },
  );
  for (const t of reminded)
    cx.emit({ type: 'crm.task.reminder', taskId: t.id, userId: t.assignee_id, title: t.title });

  const overdue = await select<{ id: string; assignee_id: string; title: string; due_at: Date }>(
    cx,
    `UPDATE crm_tasks SET overdue_notified_at = :now
      WHERE status = 'open' AND deleted_at IS NULL AND escalated_at IS NULL AND overdue_notified_at IS NULL AND due_at < :now
      RETURNING id, assignee_id, title, due_at`,
    { now: cx.now },
  );
  for (const t of overdue)
    cx.emit({
      type: 'crm.task.overdue',
      taskId: t.id,
      userId: t.assignee_id,
      title: t.title,
      dueAt: new Date(t.due_at).toISOString(),
    });

  const escalated = await select<{
    id: string;
    assignee_id: string;
    escalated_to: string | null;
    title: string;
  }>(
    cx,
    `UPDATE crm_tasks t SET escalated_at = :now,
            escalated_to = NULLIF(coalesce(us.supervisor_id, :defaultSupervisor::uuid), t.assignee_id)
       FROM crm_tasks t2 LEFT JOIN user_supervisors us ON us.user_id = t2.assignee_id
      WHERE t2.id = t.id AND t.status = 'open' AND t.deleted_at IS NULL AND t.escalated_at IS NULL
        AND t.due_at + make_interval(secs => :delay) <= :now
      RETURNING t.id, t.assignee_id, t.escalated_to, t.title`,
    { now: cx.now, delay: settings.escalationDelaySeconds, defaultSupervisor: settings.defaultSupervisorId },
  );
  for (const t of escalated) {
    if (!t.escalated_to) continue;
    await recordAudit(cx, {
      action: 'task.escalated',
      entityType: 'crm_task',
      entityId: t.id,
      after: { assigneeId: t.assignee_id, supervisorId: t.escalated_to },
    });
    cx.emit({
      type: 'crm.task.escalated',
      taskId: t.id,
      userId: t.escalated_to,
      assigneeId: t.assignee_id,
      title: t.title,
    });
  }
  return {
    reminded: reminded.length,
    overdue: overdue.length,
    escalated: escalated.filter((t) => t.escalated_to).length,
  };
}
