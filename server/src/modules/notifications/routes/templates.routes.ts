import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import { notFound } from '../../../platform/errors.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { permit } from '../../identity/identity.policy.ts';
import { assertTemplateText, createTemplate, updateTemplate } from '../commands/templates.ts';
import { poolOf } from '../db.ts';
import { presentTemplate } from '../notifications.presenter.ts';
import {
  createTemplateBody,
  idParam,
  previewBody,
  templatesQuery,
  updateTemplateBody,
} from '../notifications.schemas.ts';
import { eventContext, stationValues, type Values } from '../queries/message-context.ts';
import { loadSettings } from '../queries/settings.ts';
import { getTemplate, listTemplates } from '../queries/templates.ts';
import { MESSAGE_KINDS, MESSAGE_KIND_NAMES, sampleValues, VARIABLES } from '../rules/message-kinds.ts';
import { smsInfo } from '../rules/sms-encoding.ts';
import { renderTemplate } from '../rules/template.ts';
import { serviceOf } from '../runtime.ts';

export function templateRoutes(deps: AppDeps): Router {
  const router = new Router();
  // Per route, not router.use: this router has no prefix of its own and shares /notifications.
  const manage = permit('notifications.manage');

  router.get('/kinds', manage, (ctx) => {
    ctx.body = MESSAGE_KIND_NAMES.map((kind) => ({
      kind,
      purpose: MESSAGE_KINDS[kind].purpose,
      variables: MESSAGE_KINDS[kind].variables.map((name) => ({ name, ...VARIABLES[name] })),
    }));
  });

  router.get('/templates', manage, async (ctx) => {
    const filter = parse(templatesQuery, ctx.query);
    ctx.body = (await listTemplates(poolOf(deps.sequelize), filter)).map(presentTemplate);
  });

  router.post('/templates', manage, async (ctx) => {
    const input = parse(createTemplateBody, ctx.request.body);
    const row = await runCommand(deps, ctx, (cx) => createTemplate(cx, input));
    ctx.status = 201;
    ctx.body = presentTemplate(row);
  });

  /** The template filled with a real customer's (order's, appointment's) data, or with samples; SMS length and encoding. */
  router.post('/templates/preview', manage, async (ctx) => {
    const input = parse(previewBody, ctx.request.body);
    assertTemplateText(input.kind, 'body', input.body);
    if (input.subject) assertTemplateText(input.kind, 'subject', input.subject);
    const ex = poolOf(deps.sequelize);
    const real = Boolean(input.customerId || input.orderId || input.appointmentId);
    let values: Values;
    if (real) {
      const settings = await loadSettings(ex);
      const context = await eventContext(
        ex,
        {
          type: 'preview',
          customerId: input.customerId,
          orderId: input.orderId,
          appointmentId: input.appointmentId,
        },
        { linkBaseUrl: settings.linkBaseUrl },
      );
      if (!context.customerId) throw notFound('Customer, order or appointment');
      values = context.values;
    } else {
      values = { ...sampleValues(deps.clock.now()), ...(await stationValues(ex)) };
    }
    const station = serviceOf(deps).station();
    const cx = { locale: input.locale, timeZone: station.timeZone, currency: station.currency };
    const body = renderTemplate(input.body, values, { ...cx, plainSpaces: input.channel === 'sms' }).trim();
    ctx.body = {
      subject:
        input.channel === 'email' && input.subject ? renderTemplate(input.subject, values, cx).trim() : null,
      body,
      sms: input.channel === 'sms' ? smsInfo(body) : null,
      sample: !real,
    };
  });

  router.get('/templates/:id', manage, async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const row = await getTemplate(poolOf(deps.sequelize), id);
    if (!row) throw notFound('Template');
    ctx.body = presentTemplate(row);
  });

  router.put('/templates/:id', manage, async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(updateTemplateBody, ctx.request.body);
    const row = await runCommand(deps, ctx, (cx) => updateTemplate(cx, id, input));
    ctx.body = presentTemplate(row);
  });

  return router;
}
