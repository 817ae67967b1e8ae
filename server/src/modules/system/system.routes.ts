import Router from '@koa/router';
import type { HealthDto, ReadyDto } from '../../contracts/dto.ts';
import type { AppDeps } from '../../deps.ts';

const started = Date.now();

/** Liveness and readiness, public so that a supervisor or a load balancer can ask. */
export function systemRoutes(deps: AppDeps): Router {
  const router = new Router();
  router.get('/health', (ctx) => {
    const body: HealthDto = {
      status: 'ok',
      version: deps.version,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
    };
    ctx.body = body;
  });
  router.get('/ready', async (ctx) => {
    const database = await deps.sequelize
      .query('SELECT 1')
      .then(() => true)
      .catch(() => false);
    const checks = { database, broker: deps.readiness.broker(), jobs: deps.readiness.jobs() };
    const ready = Object.values(checks).every(Boolean);
    const body: ReadyDto = { status: ready ? 'ready' : 'not_ready', checks };
    ctx.status = ready ? 200 : 503;
    ctx.body = body;
  });
  return router;
}
