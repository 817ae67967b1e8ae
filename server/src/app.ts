import { existsSync } from 'node:fs';
import path from 'node:path';
import Koa from 'koa';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import serve from 'koa-static';
import type { AppDeps } from './deps.ts';
import { errorHandler } from './platform/http/errors.ts';
import { requestContext } from './platform/http/request-id.ts';
import { identityAuthenticator, identityRoutes } from './modules/identity/index.ts';
import { iotRoutes } from './modules/iot/index.ts';
import { schedulerRoutes } from './modules/scheduler/index.ts';
import { workshopRoutes } from './modules/workshop/index.ts';
import { stationRoutes } from './modules/station/index.ts';
import { systemRoutes } from './modules/system/system.routes.ts';
import { warehouseRoutes } from './modules/warehouse/index.ts';
import { crmRoutes } from './modules/crm/index.ts';
import { notificationsRoutes } from './modules/notifications/index.ts';
import { timeclockRoutes } from './modules/timeclock/index.ts';
import { authenticate } from './platform/http/auth.ts';
import { sameOriginWrites } from './platform/http/csrf.ts';

/** The Koa app: `/api` routes plus the built kiosk apps. Used by main.ts and by the tests. */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa({ proxy: false });
  app.silent = true;

  const api = new Router({ prefix: '/api' });
  for (const routes of [
    systemRoutes(deps),
    identityRoutes(deps),
    stationRoutes(deps),
    schedulerRoutes(deps),
    workshopRoutes(deps),
    iotRoutes(deps),
    warehouseRoutes(deps),
    crmRoutes(deps),
    notificationsRoutes(deps),
    timeclockRoutes(deps),
  ]) {
    api.use(routes.routes(), routes.allowedMethods());
  }

  app.use(requestContext(deps.logger));
  app.use(securityHeaders());
  app.use(errorHandler());
  app.use(
    bodyParser({
      enableTypes: ['json'],
      jsonLimit: '1mb',
      encoding: 'utf-8',
      parsedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
    }),
  );
  const authenticateApi = authenticate(identityAuthenticator(deps.sequelize, deps.clock));
  app.use((ctx, next) => (ctx.path.startsWith('/api') ? authenticateApi(ctx, next) : next()));
  app.use(sameOriginWrites());
  app.use(api.routes());
  app.use(api.allowedMethods());
  app.use(kioskApps(deps.config.kioskDir));
  return app;
}

function securityHeaders(): Koa.Middleware {
  return async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Referrer-Policy', 'same-origin');
    await next();
    if (ctx.path.startsWith('/api')) ctx.set('Cache-Control', 'no-store');
  };
}

/** Serves kiosk/dist: the desk at `/`, the board at `/board`, the lift kiosk at `/lift`, with SPA fallback. */
function kioskApps(dir: string): Koa.Middleware {
  const staticFiles = serve(dir, { index: 'index.html', maxage: 0, gzip: false });
  return async (ctx, next) => {
    if (ctx.path.startsWith('/api') || ctx.path.startsWith('/socket.io')) return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    await staticFiles(ctx, async () => undefined);
    if (ctx.body !== undefined && ctx.body !== null) {
      if (ctx.path.startsWith('/assets/')) ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
      return;
    }
    const app = ctx.path.startsWith('/board') ? 'board' : ctx.path.startsWith('/lift') ? 'lift' : '';
    const indexFile = path.join(dir, app, 'index.html');
    if (!existsSync(indexFile)) {
      ctx.status = 503;
      ctx.type = 'text/plain';
      ctx.body = 'The web apps are not built yet: run `npm run build` (npm start does it for you).';
      return;
    }
    ctx.path = `/${app ? app + '/' : ''}index.html`;
    ctx.set('Cache-Control', 'no-cache');
    await staticFiles(ctx, next);
  };
}
