import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { addCrossReference } from '../commands/add-cross-reference.ts';
import { createPart } from '../commands/create-part.ts';
import { removeCrossReference } from '../commands/remove-cross-reference.ts';
import { removeStockLimit, setStockLimit } from '../commands/set-stock-limit.ts';
import { updatePart } from '../commands/update-part.ts';
import { poolOf } from '../db.ts';
import { getPart } from '../queries/get-part.ts';
import { searchParts } from '../queries/search-parts.ts';
import { partLedger, partStock } from '../queries/stock.ts';
import { permit } from '../warehouse.policy.ts';
import {
  createPartBody,
  crossReferenceBody,
  idParam,
  ledgerQuery,
  searchPartsQuery,
  stockLimitBody,
  updatePartBody,
} from '../warehouse.schemas.ts';
import { z } from 'zod';

const limitParams = z.object({ id: z.uuid('must be an id'), locationId: z.uuid('must be an id') });
const crossParams = z.object({ id: z.uuid('must be an id'), crossId: z.uuid('must be an id') });

export function catalogueRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/parts' });
  const pool = poolOf(deps.sequelize);

  /** Search by any number (separators ignored), by name, by brand; each hit with its stock. */
  router.get('/', permit('parts.read'), async (ctx) => {
    ctx.body = await searchParts(pool, parse(searchPartsQuery, ctx.query));
  });

  router.post('/', permit('parts.write'), async (ctx) => {
    const input = parse(createPartBody, ctx.request.body);
    const part = await runCommand(deps, ctx, (cx) => createPart(cx, input));
    ctx.status = 201;
    ctx.body = await getPart(pool, part.id);
  });

  router.get('/:id', permit('parts.read'), async (ctx) => {
    ctx.body = await getPart(pool, parse(idParam, ctx.params).id);
  });

  router.patch('/:id', permit('parts.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(updatePartBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => updatePart(cx, id, input));
    ctx.body = await getPart(pool, id);
  });

  router.get('/:id/stock', permit('parts.read'), async (ctx) => {
    ctx.body = await partStock(pool, parse(idParam, ctx.params).id);
  });

  router.get('/:id/ledger', permit('parts.read'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    ctx.body = await partLedger(pool, id, parse(ledgerQuery, ctx.query));
  });

  router.post('/:id/cross-references', permit('parts.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(crossReferenceBody, ctx.request.body);
    await getPart(pool, id);
    const result = await runCommand(deps, ctx, (cx) =>
      addCrossReference(cx, { ...input, source: input.source ?? 'manual' }),
    );
    ctx.status = result.created ? 201 : 200;
    ctx.body = (await getPart(pool, id)).crossReferences;
  });

  router.delete('/:id/cross-references/:crossId', permit('parts.write'), async (ctx) => {
    const { id, crossId } = parse(crossParams, ctx.params);
    await runCommand(deps, ctx, (cx) => removeCrossReference(cx, crossId));
    ctx.body = (await getPart(pool, id)).crossReferences;
  });

  router.put('/:id/limits', permit('parts.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(stockLimitBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => setStockLimit(cx, id, input));
    ctx.body = (await getPart(pool, id)).locations;
  });

  router.delete('/:id/limits/:locationId', permit('parts.write'), async (ctx) => {
    const { id, locationId } = parse(limitParams, ctx.params);
    await runCommand(deps, ctx, (cx) => removeStockLimit(cx, id, locationId));
    ctx.body = (await getPart(pool, id)).locations;
  });

  return router;
}
