import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import { notFound } from '../../../platform/errors.ts';
import { userOf } from '../../../platform/http/auth.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { permit } from '../../identity/identity.policy.ts';
import { RepairOrder } from '../../workshop/models/index.ts';
import { assertOrderAccess } from '../../workshop/workshop.policy.ts';
import { createLift, deleteLift, updateLift } from '../commands/lifts.ts';
import { placeOnLift, removeFromLift } from '../commands/placements.ts';
import { Lift } from '../models/lift.ts';
import { placementsWhere } from '../queries/placements.ts';
import {
  idParam,
  liftBody,
  placementBody,
  removePlacementBody,
  updateLiftBody,
} from '../scheduler.schemas.ts';
import { presentLift } from '../scheduler.presenter.ts';

export function liftRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/lifts' });

  router.get('/', permit('lifts.read'), async (ctx) => {
    const lifts = await Lift.findAll({
      order: [
        ['position', 'ASC'],
        ['code', 'ASC'],
      ],
    });
    ctx.body = lifts.map(presentLift);
  });

  router.post('/', permit('lifts.manage'), async (ctx) => {
    const input = parse(liftBody, ctx.request.body);
    const lift = await runCommand(deps, ctx, (cx) => createLift(cx, input));
    ctx.status = 201;
    ctx.body = presentLift(lift);
  });

  router.get('/:id', permit('lifts.read'), async (ctx) => {
    const lift = await Lift.findByPk(parse(idParam, ctx.params).id);
    if (!lift) throw notFound('Lift');
    ctx.body = presentLift(lift);
  });

  router.patch('/:id', permit('lifts.manage'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(updateLiftBody, ctx.request.body);
    ctx.body = presentLift(await runCommand(deps, ctx, (cx) => updateLift(cx, id, input)));
  });

  router.delete('/:id', permit('lifts.manage'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    await runCommand(deps, ctx, (cx) => deleteLift(cx, id));
    ctx.status = 204;
  });

  router.get('/:id/placement', permit('lifts.read'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    if (!(await Lift.findByPk(id))) throw notFound('Lift');
    const [current] = await placementsWhere(deps.sequelize, { liftId: id, current: true });
    ctx.body = { placement: current ?? null };
  });

  router.post('/:id/placement', permit('schedule.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(placementBody, ctx.request.body);
    const actor = userOf(ctx);
    const placement = await runCommand(deps, ctx, async (cx) => {
      const order = await RepairOrder.findByPk(input.orderId, { transaction: cx.tx });
      if (!order) throw notFound('Repair order');
      assertOrderAccess(actor, order);
      return placeOnLift(cx, { orderId: input.orderId, liftId: id, at: input.at });
    });
    ctx.status = 201;
    ctx.body = placement;
  });

  router.delete('/:id/placement', permit('schedule.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(removePlacementBody, ctx.request.body ?? {});
    ctx.body = await runCommand(deps, ctx, (cx) => removeFromLift(cx, { liftId: id, at: input.at }));
  });

  return router;
}
