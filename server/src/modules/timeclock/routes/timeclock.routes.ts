import Router from '@koa/router';
import type { Context } from 'koa';
import { QueryTypes } from 'sequelize';
import type { AppDeps } from '../../../deps.ts';
import { badRequest, forbidden, notFound } from '../../../platform/errors.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { userOf } from '../../../platform/http/auth.ts';
import { parse } from '../../../platform/http/validate.ts';
import { permit } from '../../identity/identity.policy.ts';
import { can } from '../../identity/rules/permissions.ts';
import { recordCorrection } from '../commands/corrections.ts';
import { addDays } from '../engine/index.ts';
import { jobFigures, liftFigures, mechanicFigures, reviewList } from '../queries/figures.ts';
import type { Timeclock } from '../timeclock.ts';
import { correctionBody, jobParam, periodQuery, reviewQuery } from '../timeclock.schemas.ts';
import { breakRoute } from './floor-actions.ts';

const MAX_PERIOD_DAYS = 366;

function period(ctx: Context): { from: string; to: string } {
  const p = parse(periodQuery, ctx.query);
  if (p.from > p.to) throw badRequest('to: must not be before from', 'to');
  if (addDays(p.from, MAX_PERIOD_DAYS) < p.to) throw badRequest(`to: at most ${MAX_PERIOD_DAYS} days`, 'to');
  return p;
}

/**
 * The desk's shop floor and labour figures.
 *   GET  /api/timeclock/floor                          shopfloor.read
 *   POST /api/timeclock/breaks/start|end { staffId }   shopfloor.act
 *   POST /api/timeclock/corrections                    shopfloor.correct
 *   GET  /api/timeclock/review?from=&to=               shopfloor.correct
 *   GET  /api/timeclock/figures/mechanics?from=&to=    labour.read, or a mechanic's own
 *   GET  /api/timeclock/figures/jobs/:jobId            labour.read
 *   GET  /api/timeclock/figures/lifts?from=&to=        labour.read
 */
export function timeclockRoutes(deps: AppDeps, tc: Timeclock): Router {
  const router = new Router({ prefix: '/timeclock' });

  router.get('/floor', permit('shopfloor.read'), async (ctx) => {
    ctx.body = await tc.floor.state();
  });
  router.post('/breaks/:which', permit('shopfloor.act'), async (ctx) => {
    await breakRoute(deps, tc, ctx);
    ctx.body = await tc.floor.state();
  });
  router.post('/corrections', permit('shopfloor.correct'), async (ctx) => {
    const input = parse(correctionBody, ctx.request.body);
    const { id } = await runCommand(deps, ctx, (cx) => recordCorrection(cx, input));
    await tc.changed();
    ctx.status = 201;
    ctx.body = { id, ...input };
  });
  router.get('/review', permit('shopfloor.correct'), async (ctx) => {
    const q = parse(reviewQuery, ctx.query);
    const to = q.to ?? tc.service.todayDate();
    const from = q.from ?? addDays(to, -6);
    if (from > to) throw badRequest('to: must not be before from', 'to');
    await tc.service.sync();
    ctx.body = await reviewList(tc.service, from, to);
  });
  router.get('/figures/mechanics', async (ctx) => {
    const user = userOf(ctx);
    let only: string | null = null;
    if (!can(user.role, 'labour.read')) {
      const [own] = await deps.sequelize.query<{ id: string }>(
        `SELECT id FROM staff WHERE user_id = :userId`,
        {
          type: QueryTypes.SELECT,
          replacements: { userId: user.id },
        },
      );
      if (user.role !== 'mechanic' || !own)
        throw forbidden(`Your role (${user.role}) may not read labour figures`);
      only = own.id;
    }
    const { from, to } = period(ctx);
    await tc.service.sync();
    ctx.body = await mechanicFigures(tc.service, from, to, only);
  });
  router.get('/figures/jobs/:jobId', permit('labour.read'), async (ctx) => {
    const { jobId } = parse(jobParam, ctx.params);
    const [job] = await deps.sequelize.query<{
      id: string;
      order_id: string;
      name: string;
      norm_seconds: number;
    }>(`SELECT id, order_id, name, norm_seconds FROM order_jobs WHERE id = :jobId`, {
      type: QueryTypes.SELECT,
      replacements: { jobId },
    });
    if (!job) throw notFound('Job');
    await tc.service.sync();
    ctx.body = await jobFigures(tc.service, {
      id: job.id,
      orderId: job.order_id,
      name: job.name,
      normSeconds: job.norm_seconds,
    });
  });
  router.get('/figures/lifts', permit('labour.read'), async (ctx) => {
    const { from, to } = period(ctx);
    await tc.service.sync();
    ctx.body = await liftFigures(tc.service, from, to);
  });
  return router;
}
