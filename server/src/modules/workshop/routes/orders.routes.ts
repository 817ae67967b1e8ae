import Router from '@koa/router';
import type { Context } from 'koa';
import type { Transaction } from 'sequelize';
import type { AppDeps } from '../../../deps.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { notFound } from '../../../platform/errors.ts';
import { userOf } from '../../../platform/http/auth.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { permit } from '../../identity/identity.policy.ts';
import { applyCannedJob } from '../commands/apply-canned-job.ts';
import { createOrder } from '../commands/create-order.ts';
import { decideLines } from '../commands/decide-lines.ts';
import { completeJob, pauseJob, resumeJob, startJob } from '../commands/job-actions.ts';
import { assignMechanic, unassignMechanic } from '../commands/job-assignments.ts';
import { addJob, addPart, removeJob, removePart, updateJob, updatePart } from '../commands/order-lines.ts';
import { transitionOrder } from '../commands/transition-order.ts';
import { updateOrder } from '../commands/update-order.ts';
import { Customer, OrderJob, RepairOrder } from '../models/index.ts';
import { getOrderDto, listOrders, statusHistory } from '../queries/orders.ts';
import { assertCustomerAccess, assertOrderAccess, ownScopeUserId } from '../workshop.policy.ts';
import {
  addJobBody,
  addPartBody,
  applyCannedJobBody,
  createOrderBody,
  decisionsBody,
  idParam,
  lineParams,
  listOrdersQuery,
  pauseJobBody,
  staffBody,
  startJobBody,
  transitionBody,
  updateJobBody,
  updateOrderBody,
  updatePartBody,
} from '../workshop.schemas.ts';

/** Loads an order the signed-in user may see: 404 when there is none, 403 outside their scope. */
export async function visibleOrder(ctx: Context, id: string, tx?: Transaction): Promise<RepairOrder> {
  const order = await RepairOrder.findByPk(id, { transaction: tx });
  if (!order) throw notFound('Repair order');
  assertOrderAccess(userOf(ctx), order);
  return order;
}

export function orderRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/orders' });
  const present = (id: string) => getOrderDto(deps.sequelize, id);

  router.get('/', permit('orders.read'), async (ctx) => {
    const q = parse(listOrdersQuery, ctx.query);
    ctx.body = await listOrders(deps.sequelize, { ...q, advisorId: ownScopeUserId(userOf(ctx)) });
  });

  router.post('/', permit('orders.write'), async (ctx) => {
    const input = parse(createOrderBody, ctx.request.body);
    const actor = userOf(ctx);
    const order = await runCommand(deps, ctx, async (cx) => {
      const customer = await Customer.findByPk(input.customerId, { transaction: cx.tx });
      if (!customer) throw notFound('Customer');
      assertCustomerAccess(actor, customer);
      return createOrder(cx, { ...input, timezone: deps.config.station.timezone });
    });
    ctx.status = 201;
    ctx.body = await present(order.id);
  });

  router.get('/:id', permit('orders.read'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    await visibleOrder(ctx, id);
    ctx.body = await present(id);
  });

  router.patch('/:id', permit('orders.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(updateOrderBody, ctx.request.body);
    await runCommand(deps, ctx, async (cx) => {
      await visibleOrder(ctx, id, cx.tx);
      return updateOrder(cx, id, input);
    });
    ctx.body = await present(id);
  });

  router.get('/:id/status-history', permit('orders.read'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    await visibleOrder(ctx, id);
    ctx.body = await statusHistory(deps.sequelize, id);
  });

  router.post('/:id/transitions', permit('orders.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(transitionBody, ctx.request.body);
    await runCommand(deps, ctx, async (cx) => {
      await visibleOrder(ctx, id, cx.tx);
      return transitionOrder(cx, { orderId: id, ...input });
    });
    ctx.body = await present(id);
  });

  /** A write on an order the user may see; answers with the whole order. */
  const onOrder =
    (
      work: (cx: CommandContext, ctx: Context, ids: { id: string; lineId?: string }) => Promise<unknown>,
      status = 200,
    ) =>
    async (ctx: Context) => {
      const ids = ctx.params.lineId ? parse(lineParams, ctx.params) : parse(idParam, ctx.params);
      await runCommand(deps, ctx, async (cx) => {
        await visibleOrder(ctx, ids.id, cx.tx);
        return work(cx, ctx, ids);
      });
      ctx.status = status;
      ctx.body = await present(ids.id);
    };

  router.post('/:id/jobs', permit('orders.write'), async (ctx) => {
    const input = parse(addJobBody, ctx.request.body);
    await onOrder((cx, _ctx, { id }) => addJob(cx, id, input), 201)(ctx);
  });
  router.patch('/:id/jobs/:lineId', permit('orders.write'), async (ctx) => {
    const input = parse(updateJobBody, ctx.request.body);
    await onOrder((cx, _ctx, { id, lineId }) => updateJob(cx, id, lineId!, input))(ctx);
  });
  router.delete(
    '/:id/jobs/:lineId',
    permit('orders.write'),
    onOrder((cx, _ctx, { id, lineId }) => removeJob(cx, id, lineId!)),
  );

  router.post('/:id/parts', permit('orders.write'), async (ctx) => {
    const input = parse(addPartBody, ctx.request.body);
    await onOrder((cx, _ctx, { id }) => addPart(cx, id, input), 201)(ctx);
  });
  router.patch('/:id/parts/:lineId', permit('orders.write'), async (ctx) => {
    const input = parse(updatePartBody, ctx.request.body);
    await onOrder((cx, _ctx, { id, lineId }) => updatePart(cx, id, lineId!, input))(ctx);
  });
  router.delete(
    '/:id/parts/:lineId',
    permit('orders.write'),
    onOrder((cx, _ctx, { id, lineId }) => removePart(cx, id, lineId!)),
  );

  router.post('/:id/canned-jobs', permit('orders.write'), async (ctx) => {
    const input = parse(applyCannedJobBody, ctx.request.body);
    await onOrder((cx, _ctx, { id }) => applyCannedJob(cx, { orderId: id, ...input }), 201)(ctx);
  });

  router.post('/:id/decisions', permit('orders.write'), async (ctx) => {
    const input = parse(decisionsBody, ctx.request.body);
    await onOrder((cx, _ctx, { id }) => decideLines(cx, { orderId: id, ...input }))(ctx);
  });

  /** Job actions from the desk use the same commands as the shop floor. The line must belong to the order. */
  const jobOfOrder = async (cx: CommandContext, id: string, lineId: string) => {
    const job = await OrderJob.findOne({
      where: { id: lineId, orderId: id },
      transaction: cx.tx,
      attributes: ['id'],
    });
    if (!job) throw notFound('Job');
  };
  router.post('/:id/jobs/:lineId/start', permit('shopfloor.act'), async (ctx) => {
    const input = parse(startJobBody, ctx.request.body ?? {});
    await onOrder(async (cx, _ctx, { id, lineId }) => {
      await jobOfOrder(cx, id, lineId!);
      return startJob(cx, { lineId: lineId!, ...input });
    })(ctx);
  });
  router.post('/:id/jobs/:lineId/pause', permit('shopfloor.act'), async (ctx) => {
    const input = parse(pauseJobBody, ctx.request.body);
    await onOrder(async (cx, _ctx, { id, lineId }) => {
      await jobOfOrder(cx, id, lineId!);
      return pauseJob(cx, { lineId: lineId!, reason: input.reason });
    })(ctx);
  });
  router.post(
    '/:id/jobs/:lineId/resume',
    permit('shopfloor.act'),
    onOrder(async (cx, _ctx, { id, lineId }) => {
      await jobOfOrder(cx, id, lineId!);
      return resumeJob(cx, { lineId: lineId! });
    }),
  );
  router.post(
    '/:id/jobs/:lineId/complete',
    permit('shopfloor.act'),
    onOrder(async (cx, _ctx, { id, lineId }) => {
      await jobOfOrder(cx, id, lineId!);
      return completeJob(cx, { lineId: lineId! });
    }),
  );
  router.post('/:id/jobs/:lineId/mechanics', permit('orders.write'), async (ctx) => {
    const { staffId } = parse(staffBody, ctx.request.body);
    await onOrder(async (cx, _ctx, { id, lineId }) => {
      await jobOfOrder(cx, id, lineId!);
      return assignMechanic(cx, { lineId: lineId!, staffId });
    })(ctx);
  });
  router.delete('/:id/jobs/:lineId/mechanics/:staffId', permit('orders.write'), async (ctx) => {
    const { staffId } = parse(staffBody, { staffId: ctx.params.staffId });
    await onOrder(async (cx, _ctx, { id, lineId }) => {
      await jobOfOrder(cx, id, lineId!);
      return unassignMechanic(cx, { lineId: lineId!, staffId });
    })(ctx);
  });

  return router;
}
