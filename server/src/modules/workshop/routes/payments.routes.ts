import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { permit } from '../../identity/identity.policy.ts';
import { recordPayment } from '../commands/record-payment.ts';
import { orderPayments } from '../queries/orders.ts';
import { idParam, paymentBody } from '../workshop.schemas.ts';
import { visibleOrder } from './orders.routes.ts';

export function paymentRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/orders/:id/payments' });

  router.get('/', permit('orders.read'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    await visibleOrder(ctx, id);
    ctx.body = await orderPayments(deps.sequelize, id);
  });

  router.post('/', permit('payments.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(paymentBody, ctx.request.body);
    await runCommand(deps, ctx, async (cx) => {
      await visibleOrder(ctx, id, cx.tx);
      return recordPayment(cx, { orderId: id, ...input });
    });
    ctx.status = 201;
    ctx.body = await orderPayments(deps.sequelize, id);
  });

  return router;
}
