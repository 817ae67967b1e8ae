import Router from '@koa/router';
import type { Context } from 'koa';
import type { AppDeps } from '../../../deps.ts';
import { actorOf } from '../../../platform/http/auth.ts';
import { forbidden, notFound } from '../../../platform/errors.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { permit } from '../../identity/identity.policy.ts';
import { canSeeCustomer } from '../../workshop/index.ts';
import { setCustomerProfile } from '../commands/messages.ts';
import { optOut } from '../commands/opt-out.ts';
import { poolOf, selectOne, type Executor } from '../db.ts';
import { idParam, optOutBody, profileBody } from '../notifications.schemas.ts';
import { customerDeliveryLog } from '../queries/messages.ts';

async function visibleCustomer(ctx: Context, ex: Executor, id: string): Promise<void> {
  const row = await selectOne<{ owner_id: string | null }>(
    ex,
    `SELECT owner_id FROM customers WHERE id = :id`,
    { id },
  );
  if (!row) throw notFound('Customer');
  if (!canSeeCustomer(actorOf(ctx)!, { ownerId: row.owner_id }))
    throw forbidden('This customer belongs to another user, and your scope is your own customers');
}

/** What advisors see and do on the customer card: the delivery log, an opt-out, language and birthday. */
export function customerMessageRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/customers/:id' });

  router.get('/log', permit('customers.read'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const ex = poolOf(deps.sequelize);
    await visibleCustomer(ctx, ex, id);
    ctx.body = await customerDeliveryLog(ex, id);
  });

  router.get('/profile', permit('customers.read'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const ex = poolOf(deps.sequelize);
    await visibleCustomer(ctx, ex, id);
    const row = await selectOne<{ locale: string | null; birth_date: string | null }>(
      ex,
      `SELECT locale, to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM notification_customer_profiles WHERE customer_id = :id`,
      { id },
    );
    ctx.body = { locale: row?.locale ?? null, birthDate: row?.birth_date ?? null };
  });

  router.put('/profile', permit('customers.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(profileBody, ctx.request.body);
    ctx.body = await runCommand(deps, ctx, async (cx) => {
      await visibleCustomer(ctx, cx, id);
      return setCustomerProfile(cx, id, input);
    });
  });

  router.post('/opt-out', permit('customers.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(optOutBody, ctx.request.body);
    await runCommand(deps, ctx, async (cx) => {
      await visibleCustomer(ctx, cx, id);
      await optOut(cx, {
        customerId: id,
        channel: input.channel,
        purpose: input.purpose,
        source: 'advisor',
        note: input.note ?? null,
      });
    });
    ctx.body = await customerDeliveryLog(poolOf(deps.sequelize), id, 20);
  });

  return router;
}
