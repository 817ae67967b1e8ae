import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import { pageQuery } from '../../../platform/http/pagination.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { cancelStocktake, openStocktake, postStocktake, recordCounts } from '../commands/stocktakes.ts';
import { poolOf } from '../db.ts';
import { getStocktake, listStocktakes } from '../queries/stocktakes.ts';
import { permit } from '../warehouse.policy.ts';
import { countBody, idParam, openStocktakeBody } from '../warehouse.schemas.ts';

export function stocktakeRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/stocktakes' });
  const pool = poolOf(deps.sequelize);

  router.get('/', permit('parts.read'), async (ctx) => {
    ctx.body = await listStocktakes(pool, parse(pageQuery, ctx.query));
  });
  router.post('/', permit('stock.adjust'), async (ctx) => {
    const input = parse(openStocktakeBody, ctx.request.body);
    const stocktake = await runCommand(deps, ctx, (cx) => openStocktake(cx, input));
    ctx.status = 201;
    ctx.body = await getStocktake(pool, stocktake.id);
  });
  router.get('/:id', permit('parts.read'), async (ctx) => {
    ctx.body = await getStocktake(pool, parse(idParam, ctx.params).id);
  });
  /** Counts from the sheet (a storekeeper or anyone who may move stock counts). */
  router.put('/:id/counts', permit('stock.move'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const { counts } = parse(countBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => recordCounts(cx, id, counts));
    ctx.body = await getStocktake(pool, id);
  });
  /** Posts the variance as stocktake movements; posting again is harmless (200, nothing more posted). */
  router.post('/:id/post', permit('stock.adjust'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const result = await runCommand(deps, ctx, (cx) => postStocktake(cx, id));
    ctx.body = { ...(await getStocktake(pool, id)), postedNow: result.posted, movements: result.movements };
  });
  router.post('/:id/cancel', permit('stock.adjust'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    await runCommand(deps, ctx, (cx) => cancelStocktake(cx, id));
    ctx.body = await getStocktake(pool, id);
  });
  return router;
}
