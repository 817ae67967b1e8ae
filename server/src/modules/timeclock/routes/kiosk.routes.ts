import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import type { Timeclock } from '../timeclock.ts';
import { breakRoute, floorOf, jobActionRoute, requestPartsRoute } from './floor-actions.ts';
import { liftDeviceOf } from './guards.ts';

/**
 * The lift kiosk (device token scoped to one lift). Every answer is the lift's floor after the action.
 *   GET  /api/kiosk/floor
 *   POST /api/kiosk/jobs/:jobId/start|pause|resume|complete   { staffId, reason? }
 *   POST /api/kiosk/jobs/:jobId/request-parts                  { staffId, note?, items? }
 *   POST /api/kiosk/breaks/start|end                           { staffId }
 */
export function kioskFloorRoutes(deps: AppDeps, tc: Timeclock): Router {
  const router = new Router({ prefix: '/kiosk' });
  router.get('/floor', async (ctx) => {
    ctx.body = await floorOf(deps, tc, liftDeviceOf(ctx).liftId);
  });
  router.post('/jobs/:jobId/request-parts', async (ctx) => {
    const { liftId } = liftDeviceOf(ctx);
    await requestPartsRoute(deps, tc, ctx, liftId);
    ctx.body = await floorOf(deps, tc, liftId);
  });
  router.post('/jobs/:jobId/:action', async (ctx) => {
    const { liftId } = liftDeviceOf(ctx);
    await jobActionRoute(deps, tc, ctx, liftId);
    ctx.body = await floorOf(deps, tc, liftId);
  });
  router.post('/breaks/:which', async (ctx) => {
    const { liftId } = liftDeviceOf(ctx);
    await breakRoute(deps, tc, ctx);
    ctx.body = await floorOf(deps, tc, liftId);
  });
  return router;
}
