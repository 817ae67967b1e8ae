import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, forbidden, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { actorUserId } from '../../workshop/actor.ts';
import { assertTaskVisible, ownScope } from '../crm.policy.ts';
import { execute, selectOne, type Executor } from '../db.ts';
import { loadCrmSettings } from '../queries/settings.ts';
import { assertUser } from './deal-support.ts';

export interface TaskRow {
  id: string;
  title: string;
  notes: string | null;
  deal_id: string | null;
  customer_id: string | null;
  vehicle_id: string | null;
  lead_id: string | null;
  call_id: string | null;
  assignee_id: string;
  due_at: Date;
  remind_at: Date | null;
  reminded_at: Date | null;
  status: 'open' | 'done' | 'cancelled';
  outcome: string | null;
  completed_at: Date | null;
  origin: 'manual' | 'rule' | 'automation';
  rule_code: string | null;
  overdue_notified_at: Date | null;
  escalated_at: Date | null;
  escalated_to: string | null;
  created_at: Date;
  deleted_at: Date | null;
}

export interface NewTask {
  title: string;
  notes?: string | null;
  dealId?: string | null;
  customerId?: string | null;
  vehicleId?: string | null;
  leadId?: string | null;
  callId?: string | null;
  assigneeId: string;
  dueAt: Date;
  remindAt?: Date | null;
  origin: 'manual' | 'rule' | 'automation';
  ruleCode?: string | null;
}

/**
 * Who takes a task nobody named: the first active user of `preferred` (the deal's or customer's
 * owner…), then the station's lead assignee, then the default supervisor, then a manager, then an owner.
 */
export async function resolveAssignee(
  ex: Executor,
  preferred: ReadonlyArray<string | null | undefined>,
): Promise<string | null> {
  const settings = await loadCrmSettings(ex);
  const candidates = [...preferred, settings.leadAssigneeId, settings.defaultSupervisorId].filter(
    (id): id is string => !!id,
  );
  if (candidates.length) {
    const row = await selectOne<{ id: string }>(
      ex,
      `SELECT id FROM users WHERE id IN (:ids) AND active ORDER BY array_position(ARRAY[:ids]::uuid[], id) LIMIT 1`,
      { ids: candidates },
    );
    if (row) return row.id;
  }
  const fallback = await selectOne<{ id: string }>(
    ex,
    `SELECT id FROM users WHERE active AND role IN ('manager', 'owner') ORDER BY (role = 'manager') DESC, created_at LIMIT 1`,
  );
  return fallback?.id ?? null;
}

export async function insertTask(cx: CommandContext, task: NewTask): Promise<string> {
  const id = newId();
  await execute(
    cx,
    `INSERT INTO crm_tasks (id, title, notes, deal_id, customer_id, vehicle_id, lead_id, call_id, assignee_id, due_at, remind_at,
                            origin, rule_code, created_by, created_by_name, created_at, updated_at)
     VALUES (:id, :title, :notes, :dealId, :customerId, :vehicleId, :leadId, :callId, :assigneeId, :dueAt, :remindAt,
             :origin, :ruleCode, :createdBy, :createdByName, :now, :now)`,
    {
      id,
      title: task.title,
      notes: task.notes ?? null,
      dealId: task.dealId ?? null,
      customerId: task.customerId ?? null,
      vehicleId: task.vehicleId ?? null,
      leadId: task.leadId ?? null,
      callId: task.callId ?? null,
      assigneeId: task.assigneeId,
      dueAt: task.dueAt,
      remindAt: task.remindAt ?? null,
      origin: task.origin,
      ruleCode: task.ruleCode ?? null,
      createdBy: actorUserId(cx.actor),
      createdByName: cx.actor.name,
      now: cx.now,
    },
  );
  await recordAudit(cx, {
    action: 'task.created',
    entityType: 'crm_task',
    entityId: id,
    after: {
      title: task.title,
      assigneeId: task.assigneeId,
      dueAt: task.dueAt,
      origin: task.origin,
      rule: task.ruleCode ?? null,
    },
  });
  cx.emit({
    type: 'crm.task.created',
    taskId: id,
    userId: task.assigneeId,
    dealId: task.dealId ?? null,
    dueAt: task.dueAt.toISOString(),
  });
  return id;
}

/** A task from a rule in crm_task_rules (null when the rule is off or nobody can take it). */
export async function createRuleTask(
  cx: CommandContext,
  trigger: string,
  links: Omit<NewTask, 'title' | 'dueAt' | 'origin' | 'assigneeId'> & {
    preferredAssignees?: Array<string | null | undefined>;
  },
): Promise<string | null> {
  const rule = await selectOne<{ title: string; due_minutes: number }>(
    cx,
    `SELECT title, due_minutes FROM crm_task_rules WHERE trigger = :trigger AND active`,
    { trigger },
  );
  if (!rule) return null;
  const assigneeId = await resolveAssignee(cx, links.preferredAssignees ?? []);
  if (!assigneeId) return null;
  const { preferredAssignees: _unused, ...rest } = links;
  return insertTask(cx, {
    ...rest,
    title: rule.title,
    dueAt: new Date(cx.now.getTime() + rule.due_minutes * 60_000),
    origin: 'rule',
    ruleCode: trigger,
    assigneeId,
  });
}

async function checkLinks(
  cx: CommandContext,
  input: {
    dealId?: string | null;
    customerId?: string | null;
    vehicleId?: string | null;
    leadId?: string | null;
  },
): Promise<void> {
  const checks: Array<[string | null | undefined, string, string]> = [
    [input.dealId, 'deals', 'dealId'],
    [input.customerId, 'customers', 'customerId'],
    [input.vehicleId, 'vehicles', 'vehicleId'],
    [input.leadId, 'leads', 'leadId'],
  ];
  for (const [id, table, field] of checks) {
    if (!id) continue;
    const row = await selectOne(cx, `SELECT 1 AS ok FROM ${table} WHERE id = :id`, { id });
    if (!row) throw badRequest(`${field}: no such record`, field);
  }
}

export async function createTask(
  cx: CommandContext,
  input: {
    title: string;
    notes?: string | null;
    dealId?: string | null;
    customerId?: string | null;
    vehicleId?: string | null;
    leadId?: string | null;
    assigneeId?: string;
    dueAt: Date;
    remindAt?: Date | null;
  },
): Promise<string> {
  if (!input.dealId && !input.customerId && !input.vehicleId && !input.leadId)
    throw badRequest('dealId: a task is on a deal, a customer, a vehicle or a lead', 'dealId');
  await checkLinks(cx, input);
  const self = actorUserId(cx.actor);
  const assigneeId = input.assigneeId ?? self;
  if (!assigneeId) throw badRequest('assigneeId: is required', 'assigneeId');
  const own = ownScope(cx.actor);
  if (own !== null && assigneeId !== own) throw forbidden('With your scope, you set tasks for yourself');
  await assertUser(cx, assigneeId, 'assigneeId');
  if (input.remindAt && input.remindAt.getTime() > input.dueAt.getTime())
    throw badRequest('remindAt: must not be after the due time', 'remindAt');
  return insertTask(cx, { ...input, assigneeId, origin: 'manual' });
}

export async function lockTask(
  cx: CommandContext,
  id: string,
): Promise<TaskRow & { deal_owner_id: string | null }> {
  const task = await selectOne<TaskRow & { deal_owner_id: string | null }>(
    cx,
    `SELECT t.*, d.owner_id AS deal_owner_id FROM crm_tasks t LEFT JOIN deals d ON d.id = t.deal_id WHERE t.id = :id FOR UPDATE OF t`,
    { id },
  );
  if (!task || task.deleted_at) throw notFound('Task');
  assertTaskVisible(cx.actor, task);
  return task;
}

export async function updateTask(
  cx: CommandContext,
  id: string,
  input: { title?: string; notes?: string | null; assigneeId?: string; dueAt?: Date; remindAt?: Date | null },
): Promise<void> {
  const task = await lockTask(cx, id);
  if (task.status !== 'open') throw conflict('The task is closed');
  if (input.assigneeId) {
    const own = ownScope(cx.actor);
    if (own !== null && input.assigneeId !== own)
      throw forbidden('With your scope, you cannot hand tasks to others');
    await assertUser(cx, input.assigneeId, 'assigneeId');
  }
  const dueAt = input.dueAt ?? task.due_at;
  const remindAt = input.remindAt !== undefined ? input.remindAt : task.remind_at;
  if (remindAt && remindAt.getTime() > new Date(dueAt).getTime())
    throw badRequest('remindAt: must not be after the due time', 'remindAt');
  const moved = input.dueAt !== undefined && input.dueAt.getTime() !== new Date(task.due_at).getTime();
  const reassigned = input.assigneeId !== undefined && input.assigneeId !== task.assignee_id;
  await execute(
    cx,
    `UPDATE crm_tasks SET title = :title, notes = :notes, assignee_id = :assigneeId, due_at = :dueAt, remind_at = :remindAt,
            reminded_at = CASE WHEN :remindChanged::boolean THEN NULL ELSE reminded_at END,
            overdue_notified_at = CASE WHEN :reset::boolean THEN NULL ELSE overdue_notified_at END,
            escalated_at = CASE WHEN :reset::boolean THEN NULL ELSE escalated_at END,
            escalated_to = CASE WHEN :reset::boolean THEN NULL ELSE escalated_to END,
            updated_at = :now WHERE id = :id`,
    {
      id,
      title: input.title ?? task.title,
      notes: input.notes !== undefined ? input.notes : task.notes,
      assigneeId: input.assigneeId ?? task.assignee_id,
      dueAt,
      remindAt,
      remindChanged: input.remindAt !== undefined,
      // A new due time or a new assignee starts the overdue clock again.
      reset: moved || reassigned,
      now: cx.now,
    },
  );
  await recordAudit(cx, {
    action: 'task.updated',
    entityType: 'crm_task',
    entityId: id,
    before: { title: task.title, assigneeId: task.assignee_id, dueAt: task.due_at, remindAt: task.remind_at },
    after: { ...input },
  });
  cx.emit({ type: 'crm.task.updated', taskId: id, userId: input.assigneeId ?? task.assignee_id });
}

export async function completeTask(
  cx: CommandContext,
  id: string,
  input: { outcome: string; status: 'done' | 'cancelled' },
): Promise<void> {
  const task = await lockTask(cx, id);
  if (task.status !== 'open') throw conflict('The task is closed already');
  await execute(
    cx,
    `UPDATE crm_tasks SET status = :status, outcome = :outcome, completed_at = :now, completed_by = :by, updated_at = :now WHERE id = :id`,
    { id, status: input.status, outcome: input.outcome, now: cx.now, by: actorUserId(cx.actor) },
  );
  await recordAudit(cx, {
    action: `task.${input.status}`,
    entityType: 'crm_task',
    entityId: id,
    after: { outcome: input.outcome },
  });
  cx.emit({ type: 'crm.task.completed', taskId: id, userId: task.assignee_id, status: input.status });
}

export async function deleteTask(cx: CommandContext, id: string, reason: string): Promise<void> {
  const task = await lockTask(cx, id);
  await execute(
    cx,
    `UPDATE crm_tasks SET deleted_at = :now, deleted_reason = :reason, deleted_by = :by, updated_at = :now WHERE id = :id`,
    { id, now: cx.now, reason, by: actorUserId(cx.actor) },
  );
  await recordAudit(cx, {
    action: 'task.deleted',
    entityType: 'crm_task',
    entityId: id,
    before: { title: task.title, status: task.status, assigneeId: task.assignee_id },
    after: { reason },
  });
}
