import Router from '@koa/router';
import { z } from 'zod';
import type { AppDeps } from '../../../deps.ts';
import { notFound } from '../../../platform/errors.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { issueToLine } from '../commands/issue-to-line.ts';
import { assertLineTakesStock } from '../commands/register-line.ts';
import { releaseLineReservation } from '../commands/release-line-reservation.ts';
import { findReservation, presentReservation } from '../commands/reservation-row.ts';
import { reserveForLine } from '../commands/reserve-for-line.ts';
import { returnFromLine } from '../commands/return-from-line.ts';
import { poolOf } from '../db.ts';
import { findWorkshopPartLine } from '../queries/workshop-lines.ts';
import { permit } from '../warehouse.policy.ts';
import { quantity } from '../warehouse.schemas.ts';

const lineParam = z.object({ lineId: z.uuid('must be an id') });
const uuid = z.uuid('must be an id');
const reserveBody = z.strictObject({ locationId: uuid.nullable().optional() });
const issueBody = z.strictObject({
  quantity: quantity.nullable().optional(),
  locationId: uuid.nullable().optional(),
});
const returnBody = z.strictObject({
  quantity,
  locationId: uuid.nullable().optional(),
  reason: z.string().trim().max(500).nullable().optional(),
});

/**
 * The storekeeper's view of a repair order's parts line: its reservation, issuing and taking back.
 * (The workshop calls the same commands from inside its own transactions.)
 */
export function lineRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/lines' });
  const pool = poolOf(deps.sequelize);

  router.get('/:lineId', permit('parts.read'), async (ctx) => {
    const { lineId } = parse(lineParam, ctx.params);
    const line = await findWorkshopPartLine(pool, lineId);
    if (!line) throw notFound('Parts line');
    const reservation = await findReservation(pool, lineId);
    ctx.body = reservation
      ? presentReservation(reservation)
      : {
          lineId,
          orderId: line.orderId,
          partId: line.partId,
          locationId: null,
          needed: 0,
          reserved: 0,
          issued: 0,
          shortage: 0,
        };
  });
  /** (Re-)reserves the line's quantity from the workshop's line, optionally at a chosen location. */
  router.post('/:lineId/reserve', permit('stock.move'), async (ctx) => {
    const { lineId } = parse(lineParam, ctx.params);
    const input = parse(reserveBody, ctx.request.body);
    ctx.body = await runCommand(deps, ctx, async (cx) => {
      const line = await findWorkshopPartLine(cx, lineId);
      if (!line) throw notFound('Parts line');
      assertLineTakesStock(line);
      return reserveForLine(cx, {
        lineId,
        orderId: line.orderId,
        partId: line.partId!,
        quantity: line.quantity,
        locationId: input.locationId ?? null,
      });
    });
  });
  router.delete('/:lineId/reservation', permit('stock.move'), async (ctx) => {
    const { lineId } = parse(lineParam, ctx.params);
    const released = await runCommand(deps, ctx, (cx) => releaseLineReservation(cx, { lineId }));
    if (!released) throw notFound('Reservation');
    ctx.body = released;
  });
  router.post('/:lineId/issue', permit('stock.move'), async (ctx) => {
    const { lineId } = parse(lineParam, ctx.params);
    const input = parse(issueBody, ctx.request.body);
    ctx.body = await runCommand(deps, ctx, (cx) => issueToLine(cx, { lineId, ...input }));
  });
  router.post('/:lineId/return', permit('stock.move'), async (ctx) => {
    const { lineId } = parse(lineParam, ctx.params);
    const input = parse(returnBody, ctx.request.body);
    ctx.body = await runCommand(deps, ctx, (cx) => returnFromLine(cx, { lineId, ...input }));
  });
  return router;
}
