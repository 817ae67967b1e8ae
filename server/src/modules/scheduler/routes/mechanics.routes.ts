import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { permit } from '../../identity/identity.policy.ts';
import { setShifts, setSkills } from '../commands/mechanics.ts';
import { getMechanic, listMechanics } from '../queries/mechanics.ts';
import { idParam, mechanicsQuery, shiftsBody, skillsBody } from '../scheduler.schemas.ts';

export function mechanicRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/mechanics' });

  router.get('/', permit('schedule.read'), async (ctx) => {
    const q = parse(mechanicsQuery, ctx.query);
    ctx.body = await listMechanics(deps.sequelize, {
      active: q.active === undefined ? undefined : q.active === 'true',
    });
  });

  router.get('/:id', permit('schedule.read'), async (ctx) => {
    ctx.body = await getMechanic(deps.sequelize, parse(idParam, ctx.params).id);
  });

  router.put('/:id/skills', permit('staff.manage'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const { skills } = parse(skillsBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => setSkills(cx, id, skills));
    ctx.body = await getMechanic(deps.sequelize, id);
  });

  router.put('/:id/shifts', permit('staff.manage'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const { shifts } = parse(shiftsBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => setShifts(cx, id, shifts));
    ctx.body = await getMechanic(deps.sequelize, id);
  });

  return router;
}
