import Router from '@koa/router';
import type { AppDeps } from '../../deps.ts';
import { kioskFloorRoutes } from './routes/kiosk.routes.ts';
import { timeclockRoutes as deskRoutes } from './routes/timeclock.routes.ts';
import { timeclockOf } from './timeclock.ts';

export { Timeclock, timeclockOf } from './timeclock.ts';

/** `/api/timeclock/*` (desk) and `/api/kiosk/floor|jobs|breaks` (lift kiosk). */
export function timeclockRoutes(deps: AppDeps): Router {
  const tc = timeclockOf(deps);
  const router = new Router();
  for (const r of [deskRoutes(deps, tc), kioskFloorRoutes(deps, tc)])
    router.use(r.routes(), r.allowedMethods());
  return router;
}
