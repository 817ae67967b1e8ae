import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import { notFound } from '../../../platform/errors.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { pageQuery } from '../../../platform/http/pagination.ts';
import { parse } from '../../../platform/http/validate.ts';
import { permit } from '../../identity/identity.policy.ts';
import { cancelMessage, resendMessage } from '../commands/messages.ts';
import { iso, poolOf, select } from '../db.ts';
import { cancelBody, idParam, outboxQuery } from '../notifications.schemas.ts';
import { getMessage, listOutbox } from '../queries/messages.ts';

export function outboxRoutes(deps: AppDeps): Router {
  const router = new Router();
  // Per route, not router.use: this router has no prefix of its own and shares /notifications.
  const manage = permit('notifications.manage');

  router.get('/outbox', manage, async (ctx) => {
    ctx.body = await listOutbox(poolOf(deps.sequelize), parse(outboxQuery, ctx.query));
  });

  router.get('/outbox/:id', manage, async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const message = await getMessage(poolOf(deps.sequelize), id);
    if (!message) throw notFound('Message');
    ctx.body = message;
  });

  router.post('/outbox/:id/resend', manage, async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const copy = await runCommand(deps, ctx, (cx) => resendMessage(cx, id));
    ctx.status = 201;
    ctx.body = await getMessage(poolOf(deps.sequelize), copy);
  });

  router.post('/outbox/:id/cancel', manage, async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const { reason } = parse(cancelBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => cancelMessage(cx, id, reason));
    ctx.body = await getMessage(poolOf(deps.sequelize), id);
  });

  router.get('/inbound', manage, async (ctx) => {
    const page = parse(pageQuery, ctx.query);
    const rows = await select<{
      id: string;
      source: string;
      sender: string;
      body: string;
      received_at: Date;
      customer_id: string | null;
      action: string;
    }>(
      poolOf(deps.sequelize),
      `SELECT id, source, sender, body, received_at, customer_id, action FROM notification_inbound
        ORDER BY created_at DESC LIMIT :limit OFFSET :offset`,
      page,
    );
    ctx.body = rows.map((r) => ({
      id: r.id,
      source: r.source,
      sender: r.sender,
      body: r.body,
      receivedAt: iso(r.received_at),
      customerId: r.customer_id,
      action: r.action,
    }));
  });

  return router;
}
