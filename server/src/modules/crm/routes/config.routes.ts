import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { permit } from '../crm.policy.ts';
import { int, poolOf, select } from '../db.ts';
import {
  addStage,
  createLostReason,
  createPipeline,
  setStageRule,
  setSupervisor,
  updateCrmSettings,
  updateLostReason,
  updateStage,
  updateTaskRule,
} from '../commands/configure.ts';
import { handOver } from '../commands/hand-over.ts';
import { loadCrmSettings } from '../queries/settings.ts';
import {
  addStageBody,
  createPipelineBody,
  handOverBody,
  idParam,
  lostReasonBody,
  settingsBody,
  stageRuleBody,
  supervisorBody,
  taskRuleBody,
  taskRuleParam,
  updateLostReasonBody,
  updateStageBody,
  userParam,
} from '../crm.schemas.ts';

export function configRoutes(deps: AppDeps): Router {
  const router = new Router();
  const pool = poolOf(deps.sequelize);

  const pipelines = async () => {
    const [rows, stages, rules] = await Promise.all([
      select<{ id: string; name: string; is_default: boolean; active: boolean }>(
        pool,
        `SELECT id, name, is_default, active FROM pipelines ORDER BY is_default DESC, created_at`,
      ),
      select<{
        id: string;
        pipeline_id: string;
        code: string;
        name: string;
        position: number;
        kind: string;
        active: boolean;
      }>(pool, `SELECT * FROM pipeline_stages ORDER BY position`),
      select<{
        pipeline_id: string;
        trigger: string;
        stage_code: string;
        allow_backward: boolean;
        task_title: string | null;
        task_due_minutes: number | null;
        active: boolean;
      }>(pool, `SELECT * FROM deal_stage_rules ORDER BY trigger`),
    ]);
    return rows.map((p) => ({
      id: p.id,
      name: p.name,
      isDefault: p.is_default,
      active: p.active,
      stages: stages
        .filter((s) => s.pipeline_id === p.id)
        .map((s) => ({
          id: s.id,
          code: s.code,
          name: s.name,
          position: s.position,
          kind: s.kind,
          active: s.active,
        })),
      rules: rules
        .filter((r) => r.pipeline_id === p.id)
        .map((r) => ({
          trigger: r.trigger,
          stageCode: r.stage_code,
          allowBackward: r.allow_backward,
          task: r.task_title ? { title: r.task_title, dueMinutes: r.task_due_minutes } : null,
          active: r.active,
        })),
    }));
  };

  router.get('/pipelines', permit('crm.read'), async (ctx) => {
    ctx.body = { items: await pipelines() };
  });
  router.post('/pipelines', permit('crm.configure'), async (ctx) => {
    const input = parse(createPipelineBody, ctx.request.body);
    const id = await runCommand(deps, ctx, (cx) => createPipeline(cx, input));
    ctx.status = 201;
    ctx.body = (await pipelines()).find((p) => p.id === id);
  });
  router.post('/pipelines/:id/stages', permit('crm.configure'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(addStageBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => addStage(cx, id, input));
    ctx.status = 201;
    ctx.body = (await pipelines()).find((p) => p.id === id);
  });
  router.patch('/stages/:id', permit('crm.configure'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(updateStageBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => updateStage(cx, id, input));
    ctx.status = 204;
  });
  router.put('/pipelines/:id/rules', permit('crm.configure'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(stageRuleBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => setStageRule(cx, id, input));
    ctx.body = (await pipelines()).find((p) => p.id === id);
  });

  router.get('/lost-reasons', permit('crm.read'), async (ctx) => {
    ctx.body = {
      items: await select(
        pool,
        `SELECT id, name, position, active FROM lost_reasons ORDER BY position, name`,
      ),
    };
  });
  router.post('/lost-reasons', permit('crm.configure'), async (ctx) => {
    const input = parse(lostReasonBody, ctx.request.body);
    const id = await runCommand(deps, ctx, (cx) => createLostReason(cx, input));
    ctx.status = 201;
    ctx.body = { id, ...input, active: true };
  });
  router.patch('/lost-reasons/:id', permit('crm.configure'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(updateLostReasonBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => updateLostReason(cx, id, input));
    ctx.status = 204;
  });

  router.get('/task-rules', permit('crm.read'), async (ctx) => {
    const rows = await select<{
      trigger: string;
      title: string;
      due_minutes: number;
      idle_days: number | null;
      active: boolean;
    }>(pool, `SELECT trigger, title, due_minutes, idle_days, active FROM crm_task_rules ORDER BY trigger`);
    ctx.body = {
      items: rows.map((r) => ({
        trigger: r.trigger,
        title: r.title,
        dueMinutes: r.due_minutes,
        idleDays: r.idle_days,
        active: r.active,
      })),
    };
  });
  router.put('/task-rules/:trigger', permit('crm.configure'), async (ctx) => {
    const { trigger } = parse(taskRuleParam, ctx.params);
    const input = parse(taskRuleBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => updateTaskRule(cx, trigger, input));
    ctx.status = 204;
  });

  router.get('/settings', permit('crm.read'), async (ctx) => {
    ctx.body = await loadCrmSettings(pool);
  });
  router.patch('/settings', permit('crm.configure'), async (ctx) => {
    const input = parse(settingsBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => updateCrmSettings(cx, input));
    ctx.body = await loadCrmSettings(pool);
  });

  /** The people deals and tasks can be given to (owner filter, assignee, the supervisor's view of an agenda). */
  router.get('/people', permit('crm.read'), async (ctx) => {
    const rows = await select<{
      id: string;
      display_name: string;
      role: string;
      supervisor_id: string | null;
    }>(
      pool,
      `SELECT u.id, u.display_name, u.role, us.supervisor_id FROM users u
         LEFT JOIN user_supervisors us ON us.user_id = u.id
        WHERE u.active AND u.role <> 'mechanic' ORDER BY u.display_name, u.id`,
    );
    ctx.body = {
      items: rows.map((r) => ({
        id: r.id,
        name: r.display_name,
        role: r.role,
        supervisorId: r.supervisor_id,
      })),
    };
  });
  router.get('/supervisors', permit('crm.read'), async (ctx) => {
    const rows = await select<{ user_id: string; supervisor_id: string }>(
      pool,
      `SELECT user_id, supervisor_id FROM user_supervisors`,
    );
    ctx.body = { items: rows.map((r) => ({ userId: r.user_id, supervisorId: r.supervisor_id })) };
  });
  router.put('/supervisors/:userId', permit('crm.configure'), async (ctx) => {
    const { userId } = parse(userParam, ctx.params);
    const { supervisorId } = parse(supervisorBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => setSupervisor(cx, userId, supervisorId));
    ctx.body = { userId, supervisorId };
  });

  router.post('/hand-over', permit('crm.configure'), async (ctx) => {
    const input = parse(handOverBody, ctx.request.body);
    const moved = await runCommand(deps, ctx, (cx) => handOver(cx, input));
    ctx.body = { ...moved, customers: int(moved.customers) };
  });

  return router;
}
