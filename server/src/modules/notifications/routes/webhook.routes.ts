import { timingSafeEqual } from 'node:crypto';
import Router from '@koa/router';
import { z } from 'zod';
import type { AppDeps } from '../../../deps.ts';
import { badRequest, forbidden } from '../../../platform/errors.ts';
import { parse } from '../../../platform/http/validate.ts';
import { poolOf } from '../db.ts';
import { loadSettings } from '../queries/settings.ts';
import { serviceOf } from '../runtime.ts';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const text = z.string().min(1).max(2000);
/** Our own simple form, and the form of the common Android "SMS Gateway" app's webhooks. */
const webhookBody = z.union([
  z.object({
    type: z.literal('received'),
    from: text,
    text: z.string().max(2000),
    receivedAt: z.iso.datetime({ offset: true }).optional(),
  }),
  z.object({ type: z.enum(['delivered', 'failed']), id: text, reason: z.string().max(500).optional() }),
  z.object({
    event: z.enum(['sms:received', 'sms:delivered', 'sms:failed']),
    payload: z.object({
      phoneNumber: z.string().max(50).optional(),
      message: z.string().max(2000).optional(),
      messageId: z.string().max(200).optional(),
      reason: z.string().max(500).optional(),
      receivedAt: z.string().max(50).optional(),
    }),
  }),
]);

/**
 * POST /api/notifications/gateway/webhook?secret=… — the SMS gateway tells of replies and delivery
 * reports. No session: the shared secret from the settings (gateway.webhookSecret) authenticates it;
 * without one configured the webhook is closed.
 */
export function webhookRoutes(deps: AppDeps): Router {
  const router = new Router();
  router.post('/gateway/webhook', async (ctx) => {
    const settings = await loadSettings(poolOf(deps.sequelize));
    const expected = settings.gateway.webhookSecret;
    const given = String(ctx.query.secret ?? ctx.get('x-webhook-secret') ?? '');
    if (!expected || !given || !sameSecret(given, expected))
      throw forbidden('Wrong or missing webhook secret');
    const body = parse(webhookBody, ctx.request.body);
    const service = serviceOf(deps);
    const now = deps.clock.now();
    if ('event' in body) {
      const p = body.payload;
      if (body.event === 'sms:received') {
        if (!p.phoneNumber || p.message === undefined)
          throw badRequest('payload.phoneNumber: is required', 'payload.phoneNumber');
        const result = await service.inbound({
          source: 'gateway',
          from: p.phoneNumber,
          text: p.message,
          receivedAt: now,
        });
        ctx.body = { ok: true, action: result.action };
        return;
      }
      if (!p.messageId) throw badRequest('payload.messageId: is required', 'payload.messageId');
      const found = await service.report(
        {
          provider: 'gateway',
          reference: p.messageId,
          recipient: null,
          outcome: body.event === 'sms:delivered' ? 'delivered' : 'failed',
          statusCode: null,
          detail: p.reason ?? body.event,
        },
        false,
      );
      ctx.body = { ok: true, matched: found };
      return;
    }
    if (body.type === 'received') {
      const result = await service.inbound({
        source: 'gateway',
        from: body.from,
        text: body.text,
        receivedAt: body.receivedAt ? new Date(body.receivedAt) : now,
      });
      ctx.body = { ok: true, action: result.action };
      return;
    }
    const found = await service.report(
      {
        provider: 'gateway',
        reference: body.id,
        recipient: null,
        outcome: body.type,
        statusCode: null,
        detail: body.reason ?? body.type,
      },
      false,
    );
    ctx.body = { ok: true, matched: found };
  });
  return router;
}
