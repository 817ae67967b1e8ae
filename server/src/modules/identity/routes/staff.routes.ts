import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { assignBadge, revokeBadge } from '../commands/badges.ts';
import { createStaff, updateStaff } from '../commands/staff.ts';
import { permit } from '../identity.policy.ts';
import {
  assignBadgeBody,
  idParam,
  listStaffQuery,
  revokeBadgeBody,
  staffBody,
  updateStaffBody,
} from '../identity.schemas.ts';
import { badgeHistory, getStaff, listStaff } from '../queries/staff.ts';

export function staffRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/staff' });

  router.get('/', permit('staff.read'), async (ctx) => {
    ctx.body = await listStaff(parse(listStaffQuery, ctx.query));
  });

  router.post('/', permit('staff.manage'), async (ctx) => {
    const input = parse(staffBody, ctx.request.body);
    const staff = await runCommand(deps, ctx, (cx) => createStaff(cx, input));
    ctx.status = 201;
    ctx.body = await getStaff(staff.id);
  });

  router.get('/:id', permit('staff.read'), async (ctx) => {
    ctx.body = await getStaff(parse(idParam, ctx.params).id);
  });

  router.patch('/:id', permit('staff.manage'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(updateStaffBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => updateStaff(cx, id, input));
    ctx.body = await getStaff(id);
  });

  router.get('/:id/badges', permit('staff.read'), async (ctx) => {
    ctx.body = await badgeHistory(parse(idParam, ctx.params).id);
  });

  router.put('/:id/badge', permit('badges.manage'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const { uid } = parse(assignBadgeBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => assignBadge(cx, id, uid));
    ctx.body = await getStaff(id);
  });

  router.delete('/:id/badge', permit('badges.manage'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const { reason } = parse(revokeBadgeBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => revokeBadge(cx, id, reason));
    ctx.body = await getStaff(id);
  });

  return router;
}
