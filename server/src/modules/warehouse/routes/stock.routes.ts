import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { adjustStock } from '../commands/adjust-stock.ts';
import { createLocation, updateLocation } from '../commands/locations.ts';
import { createSupplier, updateSupplier } from '../commands/suppliers.ts';
import { transferStock } from '../commands/transfer-stock.ts';
import { poolOf } from '../db.ts';
import { deadStock } from '../queries/dead-stock.ts';
import { getLocation, getSupplier, listLocations, listSuppliers } from '../queries/lists.ts';
import { reconcileStock } from '../queries/reconcile.ts';
import { reorderSuggestions } from '../queries/reorder-suggestions.ts';
import { listLevels } from '../queries/stock.ts';
import { permit } from '../warehouse.policy.ts';
import {
  adjustBody,
  deadStockQuery,
  idParam,
  levelsQuery,
  locationBody,
  supplierBody,
  transferBody,
  updateLocationBody,
  updateSupplierBody,
} from '../warehouse.schemas.ts';

/** Locations, suppliers, stock levels and the movements that are not tied to a document of their own. */
export function stockRoutes(deps: AppDeps): Router {
  const router = new Router();
  const pool = poolOf(deps.sequelize);

  router.get('/locations', permit('parts.read'), async (ctx) => {
    ctx.body = await listLocations();
  });
  router.post('/locations', permit('stock.adjust'), async (ctx) => {
    const input = parse(locationBody, ctx.request.body);
    const location = await runCommand(deps, ctx, (cx) => createLocation(cx, input));
    ctx.status = 201;
    ctx.body = await getLocation(location.id);
  });
  router.patch('/locations/:id', permit('stock.adjust'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(updateLocationBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => updateLocation(cx, id, input));
    ctx.body = await getLocation(id);
  });

  router.get('/suppliers', permit('parts.read'), async (ctx) => {
    ctx.body = await listSuppliers();
  });
  router.post('/suppliers', permit('purchasing.manage'), async (ctx) => {
    const input = parse(supplierBody, ctx.request.body);
    const supplier = await runCommand(deps, ctx, (cx) => createSupplier(cx, input));
    ctx.status = 201;
    ctx.body = await getSupplier(supplier.id);
  });
  router.get('/suppliers/:id', permit('parts.read'), async (ctx) => {
    ctx.body = await getSupplier(parse(idParam, ctx.params).id);
  });
  router.patch('/suppliers/:id', permit('purchasing.manage'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(updateSupplierBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => updateSupplier(cx, id, input));
    ctx.body = await getSupplier(id);
  });

  router.get('/stock', permit('parts.read'), async (ctx) => {
    ctx.body = await listLevels(pool, parse(levelsQuery, ctx.query));
  });
  router.post('/stock/adjustments', permit('stock.adjust'), async (ctx) => {
    const input = parse(adjustBody, ctx.request.body);
    const movement = await runCommand(deps, ctx, (cx) => adjustStock(cx, input));
    ctx.status = 201;
    ctx.body = { movementId: movement.id, partId: input.partId, locationId: input.locationId };
  });
  router.post('/stock/transfers', permit('stock.move'), async (ctx) => {
    const input = parse(transferBody, ctx.request.body);
    ctx.status = 201;
    ctx.body = await runCommand(deps, ctx, (cx) => transferStock(cx, input));
  });
  /** Proof that the books balance: summary == ledger and reserved == reservations (empty list). */
  router.get('/stock/reconciliation', permit('stock.adjust'), async (ctx) => {
    const mismatches = await reconcileStock(pool);
    ctx.body = { balanced: mismatches.length === 0, mismatches };
  });

  router.get('/reorder-suggestions', permit('purchasing.manage'), async (ctx) => {
    ctx.body = await reorderSuggestions(pool);
  });
  router.get('/dead-stock', permit('parts.read'), async (ctx) => {
    const q = parse(deadStockQuery, ctx.query);
    ctx.body = await deadStock(pool, { ...q, now: deps.clock.now() });
  });
  return router;
}
