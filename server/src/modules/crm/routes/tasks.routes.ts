import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import { forbidden, notFound } from '../../../platform/errors.ts';
import { userOf } from '../../../platform/http/auth.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { assertTaskVisible, ownScope, permit } from '../crm.policy.ts';
import { poolOf } from '../db.ts';
import { completeTask, createTask, deleteTask, updateTask } from '../commands/tasks.ts';
import { agenda, getTask, listTasks } from '../queries/lists.ts';
import {
  agendaQuery,
  completeTaskBody,
  createTaskBody,
  deleteBody,
  idParam,
  listTasksQuery,
  updateTaskBody,
} from '../crm.schemas.ts';

/** Local date (YYYY-MM-DD) of an instant in a time zone. */
export function localDay(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

export function taskRoutes(deps: AppDeps): Router {
  const router = new Router();
  const pool = poolOf(deps.sequelize);
  const present = async (id: string) => (await getTask(pool, id, deps.clock.now()))!.dto;

  router.get('/tasks', permit('crm.read'), async (ctx) => {
    const q = parse(listTasksQuery, ctx.query);
    ctx.body = await listTasks(
      pool,
      { ...q, overdue: q.overdue === 'true' },
      ownScope(userOf(ctx)),
      deps.clock.now(),
    );
  });

  router.get('/agenda', permit('crm.read'), async (ctx) => {
    const q = parse(agendaQuery, ctx.query);
    const user = userOf(ctx);
    const userId = q.userId ?? user.id;
    if (ownScope(user) !== null && userId !== user.id)
      throw forbidden('With your scope, you see your own agenda');
    const now = deps.clock.now();
    ctx.body = await agenda(
      pool,
      userId,
      q.date ?? localDay(now, deps.config.station.timezone),
      deps.config.station.timezone,
      now,
    );
  });

  router.post('/tasks', permit('crm.write'), async (ctx) => {
    const input = parse(createTaskBody, ctx.request.body);
    const id = await runCommand(deps, ctx, (cx) => createTask(cx, input));
    ctx.status = 201;
    ctx.body = await present(id);
  });

  router.get('/tasks/:id', permit('crm.read'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const task = await getTask(pool, id, deps.clock.now());
    if (!task) throw notFound('Task');
    assertTaskVisible(userOf(ctx), task.row);
    ctx.body = task.dto;
  });

  router.patch('/tasks/:id', permit('crm.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(updateTaskBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => updateTask(cx, id, input));
    ctx.body = await present(id);
  });

  router.post('/tasks/:id/complete', permit('crm.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(completeTaskBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => completeTask(cx, id, input));
    ctx.body = await present(id);
  });

  router.delete('/tasks/:id', permit('crm.delete'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const { reason } = parse(deleteBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => deleteTask(cx, id, reason));
    ctx.status = 204;
  });

  return router;
}
