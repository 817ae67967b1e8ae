import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { execute, selectOne } from '../db.ts';
import { computeServiceDue, type ServiceDueItem } from '../queries/service-due.ts';
import { loadCrmSettings } from '../queries/settings.ts';
import { insertTask, resolveAssignee } from './tasks.ts';

/**
 * How a due car becomes an invitation. The notifications module registers a sender here (it renders
 * the "service due" template into its outbox and answers true); without one, or when it answers false
 * (no consent, no phone), the daily run creates a task for the customer's owner instead.
 */
export type ServiceDueInviter = (cx: CommandContext, item: ServiceDueItem) => Promise<boolean>;
let inviter: ServiceDueInviter | null = null;

export function registerServiceDueInviter(next: ServiceDueInviter | null): void {
  inviter = next;
}

export async function createInterval(
  cx: CommandContext,
  input: {
    name: string;
    jobKind: string;
    make?: string | null;
    vehicleId?: string | null;
    months?: number | null;
    km?: number | null;
  },
): Promise<string> {
  if (
    input.vehicleId &&
    !(await selectOne(cx, `SELECT 1 AS ok FROM vehicles WHERE id = :id`, { id: input.vehicleId }))
  )
    throw badRequest('vehicleId: no such vehicle', 'vehicleId');
  const id = newId();
  await execute(
    cx,
    `INSERT INTO service_intervals (id, name, job_kind, make, vehicle_id, months, km, created_at)
     VALUES (:id, :name, :jobKind, :make, :vehicleId, :months, :km, :now)`,
    {
      id,
      name: input.name,
      jobKind: input.jobKind,
      make: input.make ?? null,
      vehicleId: input.vehicleId ?? null,
      months: input.months ?? null,
      km: input.km ?? null,
      now: cx.now,
    },
  );
  await recordAudit(cx, {
    action: 'service_interval.created',
    entityType: 'service_interval',
    entityId: id,
    after: input,
  });
  return id;
}

export async function deactivateInterval(cx: CommandContext, id: string): Promise<void> {
  const row = await selectOne(cx, `SELECT 1 AS ok FROM service_intervals WHERE id = :id AND active`, { id });
  if (!row) throw notFound('Service interval');
  await execute(cx, `UPDATE service_intervals SET active = false WHERE id = :id`, { id });
  await recordAudit(cx, {
    action: 'service_interval.deactivated',
    entityType: 'service_interval',
    entityId: id,
  });
}

/** The daily list: each car due within the horizon gets one notice per interval and due date, with a task or an invitation. */
export async function runServiceDue(
  cx: CommandContext,
): Promise<{ due: number; tasks: number; invitations: number }> {
  const settings = await loadCrmSettings(cx);
  const items = await computeServiceDue(cx, cx.now, settings.serviceDueHorizonDays);
  let tasks = 0;
  let invitations = 0;
  for (const item of items) {
    const dueOn = item.dueAt.slice(0, 10);
    const inserted = await selectOne<{ id: string }>(
      cx,
      `INSERT INTO service_due_notices (id, vehicle_id, interval_id, customer_id, due_on, due_km, action, created_at)
       VALUES (:id, :vehicleId, :intervalId, :customerId, :dueOn, :dueKm, 'task', :now)
       ON CONFLICT (vehicle_id, interval_id, due_on) DO NOTHING RETURNING id`,
      {
        id: newId(),
        vehicleId: item.vehicleId,
        intervalId: item.interval.id,
        customerId: item.customerId,
        dueOn,
        dueKm: item.dueKm,
        now: cx.now,
      },
    );
    if (!inserted) continue;
    // An already-open service-due task for this car and kind of work is enough.
    const open = await selectOne(
      cx,
      `SELECT 1 AS ok FROM crm_tasks WHERE vehicle_id = :vehicleId AND rule_code = :code AND status = 'open' AND deleted_at IS NULL`,
      { vehicleId: item.vehicleId, code: `service_due:${item.interval.jobKind}` },
    );
    if (open) continue;
    if (settings.serviceDueAction === 'invitation' && inviter && (await inviter(cx, item))) {
      await execute(cx, `UPDATE service_due_notices SET action = 'invitation' WHERE id = :id`, {
        id: inserted.id,
      });
      invitations += 1;
    } else {
      const assigneeId = await resolveAssignee(cx, [item.ownerId]);
      if (!assigneeId) continue;
      const taskId = await insertTask(cx, {
        title: `Invite for ${item.interval.name}: ${[item.make, item.model, item.plate].filter(Boolean).join(' ')}`,
        notes: `Due ${dueOn}${item.dueKm ? ` or at ${item.dueKm} km` : ''} (by ${item.reason})`,
        customerId: item.customerId,
        vehicleId: item.vehicleId,
        assigneeId,
        dueAt: cx.now,
        origin: 'automation',
        ruleCode: `service_due:${item.interval.jobKind}`,
      });
      await execute(cx, `UPDATE service_due_notices SET task_id = :taskId WHERE id = :id`, {
        id: inserted.id,
        taskId,
      });
      tasks += 1;
    }
    cx.emit({
      type: 'crm.service_due',
      vehicleId: item.vehicleId,
      customerId: item.customerId,
      intervalId: item.interval.id,
      dueOn,
      dueKm: item.dueKm,
    });
  }
  return { due: items.length, tasks, invitations };
}
