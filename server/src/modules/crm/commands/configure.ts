import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { execute, selectOne } from '../db.ts';
import { assertUser, stageByCode } from './deal-support.ts';

/** Pipelines, stages, the automatic-move rules, lost reasons, task rules, settings and supervisors. */
export async function createPipeline(
  cx: CommandContext,
  input: {
    name: string;
    isDefault?: boolean;
    stages: Array<{ code: string; name: string; kind: 'open' | 'won' | 'lost' }>;
  },
): Promise<string> {
  const id = newId();
  if (input.isDefault) await execute(cx, `UPDATE pipelines SET is_default = false WHERE is_default`);
  await execute(
    cx,
    `INSERT INTO pipelines (id, name, is_default, created_at, updated_at) VALUES (:id, :name, :isDefault, :now, :now)`,
    { id, name: input.name, isDefault: input.isDefault ?? false, now: cx.now },
  );
  for (const [position, stage] of input.stages.entries()) {
    await execute(
      cx,
      `INSERT INTO pipeline_stages (id, pipeline_id, code, name, position, kind) VALUES (:id, :pipelineId, :code, :name, :position, :kind)`,
      { id: newId(), pipelineId: id, ...stage, position },
    );
  }
  await recordAudit(cx, { action: 'pipeline.created', entityType: 'pipeline', entityId: id, after: input });
  return id;
}

export async function addStage(
  cx: CommandContext,
  pipelineId: string,
  input: { code: string; name: string; kind: 'open' | 'won' | 'lost'; position?: number },
): Promise<string> {
  const pipeline = await selectOne(cx, `SELECT 1 AS ok FROM pipelines WHERE id = :pipelineId FOR UPDATE`, {
    pipelineId,
  });
  if (!pipeline) throw notFound('Pipeline');
  if (await stageByCode(cx, pipelineId, input.code))
    throw conflict('The pipeline has a stage with this code', undefined, 'code');
  const last = await selectOne<{ max: number | null }>(
    cx,
    `SELECT max(position) AS max FROM pipeline_stages WHERE pipeline_id = :pipelineId`,
    {
      pipelineId,
    },
  );
  const position = input.position ?? (last?.max ?? -1) + 1;
  await execute(
    cx,
    `UPDATE pipeline_stages SET position = position + 1 WHERE pipeline_id = :pipelineId AND position >= :position`,
    {
      pipelineId,
      position,
    },
  );
  const id = newId();
  await execute(
    cx,
    `INSERT INTO pipeline_stages (id, pipeline_id, code, name, position, kind) VALUES (:id, :pipelineId, :code, :name, :position, :kind)`,
    { id, pipelineId, code: input.code, name: input.name, position, kind: input.kind },
  );
  await recordAudit(cx, {
    action: 'pipeline.stage_added',
    entityType: 'pipeline',
    entityId: pipelineId,
    after: { ...input, position },
  });
  return id;
}

export async function updateStage(
  cx: CommandContext,
  stageId: string,
  input: { name?: string; position?: number; active?: boolean },
): Promise<void> {
  const stage = await selectOne<{ pipeline_id: string; name: string; position: number; active: boolean }>(
    cx,
    `SELECT pipeline_id, name, position, active FROM pipeline_stages WHERE id = :stageId FOR UPDATE`,
    { stageId },
  );
  if (!stage) throw notFound('Stage');
  if (input.active === false) {
    const used = await selectOne<{ n: string }>(
      cx,
      `SELECT count(*) AS n FROM deals WHERE stage_id = :stageId AND deleted_at IS NULL AND status = 'open'`,
      { stageId },
    );
    if (Number(used?.n) > 0)
      throw conflict(`${used!.n} open deals are in this stage; move them first`, { deals: Number(used!.n) });
  }
  if (input.position !== undefined && input.position !== stage.position) {
    // Shift the stages between the old and the new place by one.
    await execute(
      cx,
      `UPDATE pipeline_stages SET position = position + CASE WHEN :to < :from THEN 1 ELSE -1 END
        WHERE pipeline_id = :pipelineId AND id <> :stageId AND position BETWEEN least(:from, :to) AND greatest(:from, :to)`,
      { pipelineId: stage.pipeline_id, stageId, from: stage.position, to: input.position },
    );
  }
  await execute(
    cx,
    `UPDATE pipeline_stages SET name = :name, position = :position, active = :active WHERE id = :stageId`,
    {
      stageId,
      name: input.name ?? stage.name,
      position: input.position ?? stage.position,
      active: input.active ?? stage.active,
    },
  );
  await recordAudit(cx, {
    action: 'pipeline.stage_updated',
    entityType: 'pipeline',
    entityId: stage.pipeline_id,
    before: stage,
    after: input,
  });
}

export async function setStageRule(
  cx: CommandContext,
  pipelineId: string,
  input: {
    trigger: string;
    stageCode: string;
    allowBackward: boolean;
    task?: { title: string; dueMinutes: number } | null;
    active: boolean;
  },
): Promise<void> {
  if (!(await stageByCode(cx, pipelineId, input.stageCode)))
    throw badRequest('stageCode: not a stage of the pipeline', 'stageCode');
  await execute(
    cx,
    `INSERT INTO deal_stage_rules (id, pipeline_id, trigger, stage_code, allow_backward, task_title, task_due_minutes, active)
     VALUES (:id, :pipelineId, :trigger, :stageCode, :allowBackward, :taskTitle, :taskMinutes, :active)
     ON CONFLICT (pipeline_id, trigger) DO UPDATE SET stage_code = EXCLUDED.stage_code, allow_backward = EXCLUDED.allow_backward,
       task_title = EXCLUDED.task_title, task_due_minutes = EXCLUDED.task_due_minutes, active = EXCLUDED.active`,
    {
      id: newId(),
      pipelineId,
      trigger: input.trigger,
      stageCode: input.stageCode,
      allowBackward: input.allowBackward,
      taskTitle: input.task?.title ?? null,
      taskMinutes: input.task?.dueMinutes ?? null,
      active: input.active,
    },
  );
  await recordAudit(cx, {
    action: 'pipeline.rule_set',
    entityType: 'pipeline',
    entityId: pipelineId,
    after: input,
  });
}

export async function createLostReason(
  cx: CommandContext,
  input: { name: string; position?: number },
): Promise<string> {
  if (await selectOne(cx, `SELECT 1 AS ok FROM lost_reasons WHERE lower(name) = lower(:name)`, input))
    throw conflict('This reason exists', undefined, 'name');
  const id = newId();
  await execute(cx, `INSERT INTO lost_reasons (id, name, position) VALUES (:id, :name, :position)`, {
    id,
    name: input.name,
    position: input.position ?? 100,
  });
  await recordAudit(cx, {
    action: 'lost_reason.created',
    entityType: 'lost_reason',
    entityId: id,
    after: input,
  });
  return id;
}

export async function updateLostReason(
  cx: CommandContext,
  id: string,
  input: { name?: string; active?: boolean },
): Promise<void> {
  const row = await selectOne<{ name: string; active: boolean }>(
    cx,
    `SELECT name, active FROM lost_reasons WHERE id = :id FOR UPDATE`,
    { id },
  );
  if (!row) throw notFound('Lost reason');
  await execute(cx, `UPDATE lost_reasons SET name = :name, active = :active WHERE id = :id`, {
    id,
    ...row,
    ...input,
  });
  await recordAudit(cx, {
    action: 'lost_reason.updated',
    entityType: 'lost_reason',
    entityId: id,
    before: row,
    after: input,
  });
}

export async function updateTaskRule(
  cx: CommandContext,
  trigger: string,
  input: { title?: string; dueMinutes?: number; idleDays?: number; active?: boolean },
): Promise<void> {
  const row = await selectOne<{
    id: string;
    title: string;
    due_minutes: number;
    idle_days: number | null;
    active: boolean;
  }>(cx, `SELECT * FROM crm_task_rules WHERE trigger = :trigger FOR UPDATE`, { trigger });
  if (input.idleDays !== undefined && trigger !== 'deal.idle')
    throw badRequest('idleDays: only the deal.idle rule has it', 'idleDays');
  if (!row) {
    if (!input.title || input.dueMinutes === undefined)
      throw badRequest('title: a new rule needs a title and dueMinutes', 'title');
    await execute(
      cx,
      `INSERT INTO crm_task_rules (id, trigger, title, due_minutes, idle_days, active) VALUES (:id, :trigger, :title, :dueMinutes, :idleDays, :active)`,
      {
        id: newId(),
        trigger,
        title: input.title,
        dueMinutes: input.dueMinutes,
        idleDays: trigger === 'deal.idle' ? (input.idleDays ?? 3) : null,
        active: input.active ?? true,
      },
    );
  } else {
    await execute(
      cx,
      `UPDATE crm_task_rules SET title = :title, due_minutes = :dueMinutes, idle_days = :idleDays, active = :active WHERE trigger = :trigger`,
      {
        trigger,
        title: input.title ?? row.title,
        dueMinutes: input.dueMinutes ?? row.due_minutes,
        idleDays: input.idleDays ?? row.idle_days,
        active: input.active ?? row.active,
      },
    );
  }
  await recordAudit(cx, {
    action: 'task_rule.set',
    entityType: 'crm_task_rule',
    entityId: trigger,
    before: row,
    after: input,
  });
}

const SETTING_COLUMNS: Record<string, string> = {
  escalationDelaySeconds: 'escalation_delay_seconds',
  defaultSupervisorId: 'default_supervisor_id',
  leadAssigneeId: 'lead_assignee_id',
  leadRateLimitPerMinute: 'lead_rate_limit_per_minute',
  surveyDelaySeconds: 'survey_delay_seconds',
  surveyLinkDays: 'survey_link_days',
  serviceDueAction: 'service_due_action',
  serviceDueHorizonDays: 'service_due_horizon_days',
  segmentRules: 'segment_rules',
  loyaltyRules: 'loyalty_rules',
};

export async function updateCrmSettings(cx: CommandContext, input: Record<string, unknown>): Promise<void> {
  const sets: string[] = [];
  const values: Record<string, unknown> = { now: cx.now };
  for (const [key, column] of Object.entries(SETTING_COLUMNS)) {
    const value = input[key];
    if (value === undefined) continue;
    if ((key === 'defaultSupervisorId' || key === 'leadAssigneeId') && value !== null)
      await assertUser(cx, String(value), key);
    sets.push(`${column} = :${key}`);
    values[key] = typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
  }
  if (!sets.length) throw badRequest('give at least one setting to change');
  await execute(cx, `UPDATE crm_settings SET ${sets.join(', ')}, updated_at = :now WHERE id = 1`, values);
  await recordAudit(cx, {
    action: 'crm.settings_changed',
    entityType: 'crm_settings',
    entityId: '1',
    after: input,
  });
}

export async function setSupervisor(
  cx: CommandContext,
  userId: string,
  supervisorId: string | null,
): Promise<void> {
  await assertUser(cx, userId, 'userId');
  if (supervisorId === null) {
    await execute(cx, `DELETE FROM user_supervisors WHERE user_id = :userId`, { userId });
  } else {
    if (supervisorId === userId)
      throw badRequest('supervisorId: a person does not supervise themselves', 'supervisorId');
    await assertUser(cx, supervisorId, 'supervisorId');
    await execute(
      cx,
      `INSERT INTO user_supervisors (user_id, supervisor_id, updated_at) VALUES (:userId, :supervisorId, :now)
       ON CONFLICT (user_id) DO UPDATE SET supervisor_id = EXCLUDED.supervisor_id, updated_at = EXCLUDED.updated_at`,
      { userId, supervisorId, now: cx.now },
    );
  }
  await recordAudit(cx, {
    action: 'crm.supervisor_set',
    entityType: 'user',
    entityId: userId,
    after: { supervisorId },
  });
}
