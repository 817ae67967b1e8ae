import Router from '@koa/router';
import type { Context } from 'koa';
import type { AppDeps } from '../../../deps.ts';
import { notFound } from '../../../platform/errors.ts';
import { userOf } from '../../../platform/http/auth.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { assertCustomerVisible, ownScope, permit } from '../crm.policy.ts';
import { poolOf, select, selectOne } from '../db.ts';
import { convertLead, createLead, createLeadForm, deleteLead, dismissLead } from '../commands/leads.ts';
import { getLead, listLeads } from '../queries/lists.ts';
import { getDeal } from '../queries/deals.ts';
import {
  convertLeadBody,
  deleteBody,
  dismissBody,
  idParam,
  leadFormBody,
  leadSchemas,
  listLeadsQuery,
} from '../crm.schemas.ts';

export function leadRoutes(deps: AppDeps): Router {
  const router = new Router();
  const pool = poolOf(deps.sequelize);
  const schemas = leadSchemas(deps.config.station.phoneRegion);

  const visibleLead = async (ctx: Context, id: string) => {
    const lead = await getLead(pool, id);
    if (!lead || lead.deleted) throw notFound('Lead');
    if (lead.customer) {
      const owner = await selectOne<{ owner_id: string | null }>(
        pool,
        `SELECT owner_id FROM customers WHERE id = :id`,
        {
          id: lead.customer.id,
        },
      );
      if (owner) assertCustomerVisible(userOf(ctx), owner);
    }
    return lead;
  };

  router.get('/leads', permit('crm.read'), async (ctx) => {
    const q = parse(listLeadsQuery, ctx.query);
    ctx.body = await listLeads(
      pool,
      { ...q, includeDeleted: q.includeDeleted === 'true' },
      ownScope(userOf(ctx)),
    );
  });

  router.post('/leads', permit('crm.write'), async (ctx) => {
    const input = parse(schemas.createLead, ctx.request.body);
    const { id } = await runCommand(deps, ctx, (cx) => createLead(cx, input));
    ctx.status = 201;
    ctx.body = await getLead(pool, id);
  });

  router.get('/leads/:id', permit('crm.read'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    ctx.body = await visibleLead(ctx, id);
  });

  router.post('/leads/:id/convert', permit('crm.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(convertLeadBody, ctx.request.body);
    await visibleLead(ctx, id);
    const result = await runCommand(deps, ctx, (cx) => convertLead(cx, id, input));
    ctx.status = 201;
    ctx.body = {
      lead: await getLead(pool, id),
      deal: await getDeal(pool, result.deal.id, deps.clock.now()),
      customerCreated: result.customerCreated,
    };
  });

  router.post('/leads/:id/dismiss', permit('crm.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const { reason } = parse(dismissBody, ctx.request.body);
    await visibleLead(ctx, id);
    await runCommand(deps, ctx, (cx) => dismissLead(cx, id, reason));
    ctx.body = await getLead(pool, id);
  });

  router.delete('/leads/:id', permit('crm.delete'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const { reason } = parse(deleteBody, ctx.request.body);
    await visibleLead(ctx, id);
    await runCommand(deps, ctx, (cx) => deleteLead(cx, id, reason));
    ctx.status = 204;
  });

  router.get('/lead-forms', permit('crm.configure'), async (ctx) => {
    const rows = await select<{
      id: string;
      name: string;
      key: string;
      allowed_origins: string[];
      channel_id: string | null;
      campaign_id: string | null;
      active: boolean;
    }>(
      pool,
      `SELECT id, name, key, allowed_origins, channel_id, campaign_id, active FROM lead_forms ORDER BY created_at`,
    );
    ctx.body = {
      items: rows.map((f) => ({
        id: f.id,
        name: f.name,
        key: f.key,
        endpoint: `/api/public/leads/${f.key}`,
        allowedOrigins: f.allowed_origins,
        channelId: f.channel_id,
        campaignId: f.campaign_id,
        active: f.active,
      })),
    };
  });

  router.post('/lead-forms', permit('crm.configure'), async (ctx) => {
    const input = parse(leadFormBody, ctx.request.body);
    const form = await runCommand(deps, ctx, (cx) => createLeadForm(cx, input));
    ctx.status = 201;
    ctx.body = {
      id: form.id,
      name: form.name,
      key: form.key,
      endpoint: `/api/public/leads/${form.key}`,
      allowedOrigins: form.allowed_origins,
      channelId: form.channel_id,
      campaignId: form.campaign_id,
      active: form.active,
    };
  });

  return router;
}
