import Router from '@koa/router';
import { z } from 'zod';
import type { AppDeps } from '../../../deps.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { cancelPartsRequest } from '../commands/cancel-parts-request.ts';
import { createPartsRequest } from '../commands/create-parts-request.ts';
import { issuePartsRequest } from '../commands/issue-parts-request.ts';
import { poolOf } from '../db.ts';
import { getPartsRequest, partsQueue, requestsOfOrder } from '../queries/parts-requests.ts';
import { permit, permitAny } from '../warehouse.policy.ts';
import {
  cancelBody,
  idParam,
  issueRequestBody,
  partsQueueQuery,
  partsRequestBody,
} from '../warehouse.schemas.ts';

const orderParam = z.object({ orderId: z.uuid('must be an id') });

/** Parts requests from the lift: the mechanic asks, the storekeeper's queue shows it, issuing closes it. */
export function partsRequestRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/parts-requests' });
  const pool = poolOf(deps.sequelize);

  /** The storekeeper's queue, oldest first, with how long each has waited. */
  router.get('/', permit('parts.read'), async (ctx) => {
    ctx.body = await partsQueue(pool, { ...parse(partsQueueQuery, ctx.query), now: deps.clock.now() });
  });
  router.post('/', permitAny(['shopfloor.act', 'stock.move'], { liftDevices: true }), async (ctx) => {
    const input = parse(partsRequestBody, ctx.request.body);
    const created = await runCommand(deps, ctx, (cx) => createPartsRequest(cx, input));
    ctx.status = 201;
    ctx.body = await getPartsRequest(pool, created.id, deps.clock.now());
  });
  router.get('/orders/:orderId', permitAny(['parts.read'], { liftDevices: true }), async (ctx) => {
    ctx.body = await requestsOfOrder(pool, parse(orderParam, ctx.params).orderId, deps.clock.now());
  });
  router.get('/:id', permitAny(['parts.read'], { liftDevices: true }), async (ctx) => {
    ctx.body = await getPartsRequest(pool, parse(idParam, ctx.params).id, deps.clock.now());
  });
  router.post('/:id/issue', permit('stock.move'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(issueRequestBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => issuePartsRequest(cx, id, input));
    ctx.body = await getPartsRequest(pool, id, deps.clock.now());
  });
  router.post(
    '/:id/cancel',
    permitAny(['shopfloor.act', 'stock.move'], { liftDevices: true }),
    async (ctx) => {
      const { id } = parse(idParam, ctx.params);
      const { reason } = parse(cancelBody, ctx.request.body);
      await runCommand(deps, ctx, (cx) => cancelPartsRequest(cx, id, reason));
      ctx.body = await getPartsRequest(pool, id, deps.clock.now());
    },
  );
  return router;
}
