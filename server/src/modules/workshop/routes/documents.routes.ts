import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import { parse } from '../../../platform/http/validate.ts';
import { permit } from '../../identity/identity.policy.ts';
import { renderOrderDocument } from '../documents/render.ts';
import { documentData } from '../queries/document-data.ts';
import { documentParams, documentQuery } from '../workshop.schemas.ts';
import { visibleOrder } from './orders.routes.ts';

/** GET /api/orders/:id/documents/:kind.pdf?lang=ru — estimate, repair-order, invoice, act. */
export function documentRoutes(deps: AppDeps): Router {
  const router = new Router();
  router.get('/orders/:id/documents/:kind.pdf', permit('orders.read'), async (ctx) => {
    const { id, kind } = parse(documentParams, ctx.params);
    const { lang } = parse(documentQuery, ctx.query);
    const order = await visibleOrder(ctx, id);
    const data = await documentData(deps, id, kind, lang ?? deps.config.station.locale);
    const pdf = await renderOrderDocument(data);
    ctx.type = 'application/pdf';
    ctx.set('Content-Disposition', `inline; filename="${order.number}-${kind}.pdf"`);
    ctx.body = pdf;
  });
  return router;
}
