import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import { parse } from '../../../platform/http/validate.ts';
import { permit } from '../identity.policy.ts';
import { auditQuery } from '../identity.schemas.ts';
import { listAudit } from '../queries/audit.ts';

export function auditRoutes(deps: AppDeps): Router {
  const router = new Router();
  router.get('/audit', permit('audit.read'), async (ctx) => {
    ctx.body = await listAudit(deps.sequelize, parse(auditQuery, ctx.query));
  });
  return router;
}
