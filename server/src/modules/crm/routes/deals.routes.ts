import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import { userOf } from '../../../platform/http/auth.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { assertDealVisible, ownScope, permit } from '../crm.policy.ts';
import { poolOf, selectOne } from '../db.ts';
import { createDeal, deleteDeal, linkToDeal, moveDeal, reopenDeal, updateDeal } from '../commands/deals.ts';
import { getDeal, kanban, listDeals } from '../queries/deals.ts';
import {
  createDealBody,
  deleteBody,
  idParam,
  kanbanQuery,
  linkBody,
  listDealsQuery,
  moveDealBody,
  reopenDealBody,
  updateDealBody,
} from '../crm.schemas.ts';
import { notFound } from '../../../platform/errors.ts';

export function dealRoutes(deps: AppDeps): Router {
  const router = new Router();
  const pool = poolOf(deps.sequelize);
  const present = async (id: string) => getDeal(pool, id, deps.clock.now());

  router.get('/kanban', permit('crm.read'), async (ctx) => {
    const q = parse(kanbanQuery, ctx.query);
    ctx.body = await kanban(pool, q, ownScope(userOf(ctx)), deps.clock.now());
  });

  router.get('/deals', permit('crm.read'), async (ctx) => {
    const q = parse(listDealsQuery, ctx.query);
    ctx.body = await listDeals(pool, q, ownScope(userOf(ctx)), deps.clock.now());
  });

  router.post('/deals', permit('crm.write'), async (ctx) => {
    const input = parse(createDealBody, ctx.request.body);
    const deal = await runCommand(deps, ctx, (cx) => createDeal(cx, input));
    ctx.status = 201;
    ctx.body = await present(deal.id);
  });

  router.get('/deals/:id', permit('crm.read'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const row = await selectOne<{ owner_id: string | null }>(
      pool,
      `SELECT owner_id FROM deals WHERE id = :id`,
      { id },
    );
    if (!row) throw notFound('Deal');
    assertDealVisible(userOf(ctx), row);
    ctx.body = await present(id);
  });

  router.patch('/deals/:id', permit('crm.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(updateDealBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => updateDeal(cx, id, input));
    ctx.body = await present(id);
  });

  router.post('/deals/:id/move', permit('crm.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(moveDealBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => moveDeal(cx, id, input));
    ctx.body = await present(id);
  });

  router.post('/deals/:id/reopen', permit('crm.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(reopenDealBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => reopenDeal(cx, id, input));
    ctx.body = await present(id);
  });

  router.post('/deals/:id/links', permit('crm.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(linkBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => linkToDeal(cx, id, input));
    ctx.body = await present(id);
  });

  router.delete('/deals/:id', permit('crm.delete'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const { reason } = parse(deleteBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => deleteDeal(cx, id, reason));
    ctx.status = 204;
  });

  return router;
}
