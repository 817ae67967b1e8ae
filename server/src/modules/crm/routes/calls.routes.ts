import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import { notFound } from '../../../platform/errors.ts';
import { userOf } from '../../../platform/http/auth.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { checkCustomerAccess, ownScope, permit } from '../crm.policy.ts';
import { poolOf, select } from '../db.ts';
import {
  createPbxEndpoint,
  deleteCall,
  recordCall,
  revokePbxEndpoint,
  setPbxExtension,
  updateCall,
} from '../commands/calls.ts';
import { getCall, listCalls } from '../queries/lists.ts';
import {
  callSchemas,
  deleteBody,
  idParam,
  listCallsQuery,
  pbxEndpointBody,
  pbxExtensionBody,
} from '../crm.schemas.ts';

export function callRoutes(deps: AppDeps): Router {
  const router = new Router();
  const pool = poolOf(deps.sequelize);
  const schemas = callSchemas(deps.config.station.phoneRegion);

  router.get('/calls', permit('crm.read'), async (ctx) => {
    const q = parse(listCallsQuery, ctx.query);
    ctx.body = await listCalls(
      pool,
      { ...q, missed: q.missed === undefined ? undefined : q.missed === 'true' },
      ownScope(userOf(ctx)),
    );
  });

  router.post('/calls', permit('crm.write'), async (ctx) => {
    const input = parse(schemas.createCall, ctx.request.body);
    const id = await runCommand(deps, ctx, (cx) => recordCall(cx, input));
    ctx.status = 201;
    ctx.body = await getCall(pool, id);
  });

  router.get('/calls/:id', permit('crm.read'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const call = await getCall(pool, id);
    if (!call) throw notFound('Call');
    if (call.customer) await checkCustomerAccess(pool, userOf(ctx), call.customer.id);
    ctx.body = call;
  });

  router.patch('/calls/:id', permit('crm.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(schemas.updateCall, ctx.request.body);
    await runCommand(deps, ctx, (cx) => updateCall(cx, id, input));
    ctx.body = await getCall(pool, id);
  });

  router.delete('/calls/:id', permit('crm.delete'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const { reason } = parse(deleteBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => deleteCall(cx, id, reason));
    ctx.status = 204;
  });

  router.get('/pbx', permit('crm.configure'), async (ctx) => {
    const [endpoints, extensions] = await Promise.all([
      select(
        pool,
        `SELECT id, name, kind, active, last_seen_at AS "lastSeenAt", created_at AS "createdAt" FROM pbx_endpoints ORDER BY created_at`,
      ),
      select(pool, `SELECT extension, user_id AS "userId" FROM pbx_extensions ORDER BY extension`),
    ]);
    ctx.body = { endpoints, extensions };
  });

  router.post('/pbx', permit('crm.configure'), async (ctx) => {
    const input = parse(pbxEndpointBody, ctx.request.body);
    const created = await runCommand(deps, ctx, (cx) => createPbxEndpoint(cx, input));
    ctx.status = 201;
    ctx.body = { ...created, ...input, webhook: '/api/pbx/calls', ami: '/api/pbx/ami' };
  });

  router.post('/pbx/:id/revoke', permit('crm.configure'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    await runCommand(deps, ctx, (cx) => revokePbxEndpoint(cx, id));
    ctx.status = 204;
  });

  router.put('/pbx-extensions', permit('crm.configure'), async (ctx) => {
    const input = parse(pbxExtensionBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => setPbxExtension(cx, input));
    ctx.body = input;
  });

  return router;
}
