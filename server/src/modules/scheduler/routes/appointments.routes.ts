import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { notFound } from '../../../platform/errors.ts';
import { userOf, type UserActor } from '../../../platform/http/auth.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { permit } from '../../identity/identity.policy.ts';
import { Customer, RepairOrder } from '../../workshop/models/index.ts';
import { assertCustomerAccess, assertOrderAccess } from '../../workshop/workshop.policy.ts';
import {
  bookAppointment,
  cancelAppointment,
  changeAppointment,
  completeAppointment,
  markArrived,
  markNoShow,
} from '../commands/appointments.ts';
import { getAppointment } from '../queries/appointments.ts';
import { scheduleView } from '../queries/schedule-view.ts';
import { localDate, weekStart } from '../rules/local-days.ts';
import { bookBody, cancelBody, changeBody, idParam, scheduleQuery } from '../scheduler.schemas.ts';

/** A booking for an order or a customer the user may not see (record scope "own") is refused. */
async function authorizeRefs(
  cx: CommandContext,
  actor: UserActor,
  refs: { orderId?: string | null; customerId?: string | null },
) {
  if (refs.orderId) {
    const order = await RepairOrder.findByPk(refs.orderId, { transaction: cx.tx });
    if (!order) throw notFound('Repair order');
    assertOrderAccess(actor, order);
  }
  if (refs.customerId) {
    const customer = await Customer.findByPk(refs.customerId, { transaction: cx.tx });
    if (!customer) throw notFound('Customer');
    assertCustomerAccess(actor, customer);
  }
}

export function appointmentRoutes(deps: AppDeps): Router {
  const router = new Router();
  const timezone = deps.config.station.timezone;

  router.post('/appointments', permit('schedule.write'), async (ctx) => {
    const input = parse(bookBody, ctx.request.body);
    const actor = userOf(ctx);
    const outcome = await runCommand(deps, ctx, async (cx) => {
      await authorizeRefs(cx, actor, input);
      return bookAppointment(cx, { ...input, timezone });
    });
    ctx.status = 201;
    ctx.body = outcome;
  });

  router.get('/appointments/:id', permit('schedule.read'), async (ctx) => {
    ctx.body = await getAppointment(deps.sequelize, parse(idParam, ctx.params).id);
  });

  router.patch('/appointments/:id', permit('schedule.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(changeBody, ctx.request.body);
    const actor = userOf(ctx);
    ctx.body = await runCommand(deps, ctx, async (cx) => {
      const current = await getAppointment(cx.sequelize, id, cx.tx);
      await authorizeRefs(cx, actor, current);
      return changeAppointment(cx, { ...input, appointmentId: id, timezone });
    });
  });

  const statusRoute = (
    path: string,
    act: (cx: CommandContext, id: string, body: unknown) => Promise<unknown>,
  ) =>
    router.post(`/appointments/:id/${path}`, permit('schedule.write'), async (ctx) => {
      const { id } = parse(idParam, ctx.params);
      const actor = userOf(ctx);
      ctx.body = await runCommand(deps, ctx, async (cx) => {
        const current = await getAppointment(cx.sequelize, id, cx.tx);
        await authorizeRefs(cx, actor, current);
        return act(cx, id, ctx.request.body);
      });
    });
  statusRoute('cancel', (cx, id, body) =>
    cancelAppointment(cx, { appointmentId: id, reason: parse(cancelBody, body).reason }),
  );
  statusRoute('no-show', (cx, id) => markNoShow(cx, { appointmentId: id }));
  statusRoute('arrive', (cx, id) => markArrived(cx, { appointmentId: id }));
  statusRoute('complete', (cx, id) => completeAppointment(cx, { appointmentId: id }));

  router.get('/schedule/day', permit('schedule.read'), async (ctx) => {
    const q = parse(scheduleQuery, ctx.query);
    ctx.body = await scheduleView(deps.sequelize, {
      from: q.date ?? localDate(deps.clock.now(), timezone),
      days: 1,
      timezone,
      liftId: q.liftId,
    });
  });

  router.get('/schedule/week', permit('schedule.read'), async (ctx) => {
    const q = parse(scheduleQuery, ctx.query);
    ctx.body = await scheduleView(deps.sequelize, {
      from: weekStart(q.date ?? localDate(deps.clock.now(), timezone)),
      days: 7,
      timezone,
      liftId: q.liftId,
    });
  });

  return router;
}
