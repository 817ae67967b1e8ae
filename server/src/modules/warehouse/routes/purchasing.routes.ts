import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { orderFromSuggestions } from '../commands/order-from-suggestions.ts';
import {
  cancelPurchaseOrder,
  createPurchaseOrder,
  sendPurchaseOrder,
  updatePurchaseOrder,
} from '../commands/purchase-orders.ts';
import { receiveStock } from '../commands/receive-stock.ts';
import { poolOf } from '../db.ts';
import { getPurchaseOrder, getReceipt, listPurchaseOrders, listReceipts } from '../queries/purchasing.ts';
import { permit } from '../warehouse.policy.ts';
import {
  cancelBody,
  fromSuggestionsBody,
  idParam,
  listPurchaseOrdersQuery,
  purchaseOrderBody,
  receiptBody,
  updatePurchaseOrderBody,
} from '../warehouse.schemas.ts';
import { pageQuery } from '../../../platform/http/pagination.ts';
import { z } from 'zod';

const receiptsQuery = pageQuery.extend({ purchaseOrderId: z.uuid('must be an id').optional() });

export function purchasingRoutes(deps: AppDeps): Router {
  const router = new Router();
  const pool = poolOf(deps.sequelize);

  router.get('/purchase-orders', permit('parts.read'), async (ctx) => {
    ctx.body = await listPurchaseOrders(pool, parse(listPurchaseOrdersQuery, ctx.query));
  });
  router.post('/purchase-orders', permit('purchasing.manage'), async (ctx) => {
    const input = parse(purchaseOrderBody, ctx.request.body);
    const order = await runCommand(deps, ctx, (cx) => createPurchaseOrder(cx, input));
    ctx.status = 201;
    ctx.body = await getPurchaseOrder(pool, order.id);
  });
  /** The reorder suggestions become one draft purchase order per supplier. */
  router.post('/purchase-orders/from-suggestions', permit('purchasing.manage'), async (ctx) => {
    const input = parse(fromSuggestionsBody, ctx.request.body);
    const result = await runCommand(deps, ctx, (cx) => orderFromSuggestions(cx, input));
    ctx.status = 201;
    ctx.body = {
      orders: await Promise.all(result.orders.map((o) => getPurchaseOrder(pool, o.id))),
      skipped: result.skipped,
    };
  });
  router.get('/purchase-orders/:id', permit('parts.read'), async (ctx) => {
    ctx.body = await getPurchaseOrder(pool, parse(idParam, ctx.params).id);
  });
  router.patch('/purchase-orders/:id', permit('purchasing.manage'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(updatePurchaseOrderBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => updatePurchaseOrder(cx, id, input));
    ctx.body = await getPurchaseOrder(pool, id);
  });
  router.post('/purchase-orders/:id/send', permit('purchasing.manage'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    await runCommand(deps, ctx, (cx) => sendPurchaseOrder(cx, id));
    ctx.body = await getPurchaseOrder(pool, id);
  });
  router.post('/purchase-orders/:id/cancel', permit('purchasing.manage'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const { reason } = parse(cancelBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => cancelPurchaseOrder(cx, id, reason));
    ctx.body = await getPurchaseOrder(pool, id);
  });

  router.get('/receipts', permit('parts.read'), async (ctx) => {
    ctx.body = await listReceipts(pool, parse(receiptsQuery, ctx.query));
  });
  /** A delivery, against a purchase order or without one; stock in at the purchase cost. */
  router.post('/receipts', permit('stock.move'), async (ctx) => {
    const input = parse(receiptBody, ctx.request.body);
    const receipt = await runCommand(deps, ctx, (cx) => receiveStock(cx, input));
    ctx.status = 201;
    ctx.body = await getReceipt(pool, receipt.id);
  });
  router.get('/receipts/:id', permit('parts.read'), async (ctx) => {
    ctx.body = await getReceipt(pool, parse(idParam, ctx.params).id);
  });
  return router;
}
