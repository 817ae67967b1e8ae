import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { permit } from '../crm.policy.ts';
import { int, iso, poolOf, select } from '../db.ts';
import {
  createCampaign,
  createChannel,
  recordSpend,
  setTrackingNumber,
  updateChannel,
} from '../commands/marketing.ts';
import { channelReturn, periodOf } from '../queries/analytics.ts';
import {
  campaignBody,
  channelBody,
  idParam,
  periodQuery,
  spendBody,
  trackingNumberSchema,
  updateChannelBody,
} from '../crm.schemas.ts';

export function marketingRoutes(deps: AppDeps): Router {
  const router = new Router();
  const pool = poolOf(deps.sequelize);
  const trackingBody = trackingNumberSchema(deps.config.station.phoneRegion);

  const channels = async () => {
    const [rows, campaigns] = await Promise.all([
      select<{ id: string; name: string; kind: string; active: boolean }>(
        pool,
        `SELECT id, name, kind, active FROM ad_channels ORDER BY name`,
      ),
      select<{
        id: string;
        channel_id: string;
        name: string;
        starts_on: string | null;
        ends_on: string | null;
        active: boolean;
      }>(
        pool,
        `SELECT id, channel_id, name, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on, active
           FROM ad_campaigns ORDER BY name`,
      ),
    ]);
    return rows.map((c) => ({
      ...c,
      campaigns: campaigns
        .filter((p) => p.channel_id === c.id)
        .map((p) => ({ id: p.id, name: p.name, startsOn: p.starts_on, endsOn: p.ends_on, active: p.active })),
    }));
  };

  router.get('/channels', permit('crm.read'), async (ctx) => {
    ctx.body = { items: await channels() };
  });
  router.post('/channels', permit('marketing.manage'), async (ctx) => {
    const input = parse(channelBody, ctx.request.body);
    const id = await runCommand(deps, ctx, (cx) => createChannel(cx, input));
    ctx.status = 201;
    ctx.body = (await channels()).find((c) => c.id === id);
  });
  router.patch('/channels/:id', permit('marketing.manage'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(updateChannelBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => updateChannel(cx, id, input));
    ctx.body = (await channels()).find((c) => c.id === id);
  });
  router.post('/campaigns', permit('marketing.manage'), async (ctx) => {
    const input = parse(campaignBody, ctx.request.body);
    const id = await runCommand(deps, ctx, (cx) => createCampaign(cx, input));
    ctx.status = 201;
    ctx.body = { id, ...input };
  });

  router.get('/spends', permit('marketing.manage'), async (ctx) => {
    const rows = await select<{
      id: string;
      channel_id: string;
      campaign_id: string | null;
      period_start: string;
      period_end: string;
      amount_minor: string;
      note: string | null;
      created_at: Date;
    }>(
      pool,
      `SELECT id, channel_id, campaign_id, to_char(period_start, 'YYYY-MM-DD') AS period_start, to_char(period_end, 'YYYY-MM-DD') AS period_end,
              amount_minor, note, created_at FROM ad_spends ORDER BY period_start DESC, created_at DESC LIMIT 500`,
    );
    ctx.body = {
      items: rows.map((r) => ({
        id: r.id,
        channelId: r.channel_id,
        campaignId: r.campaign_id,
        periodStart: r.period_start,
        periodEnd: r.period_end,
        amountMinor: int(r.amount_minor),
        note: r.note,
        createdAt: iso(r.created_at),
      })),
    };
  });
  router.post('/spends', permit('marketing.manage'), async (ctx) => {
    const input = parse(spendBody, ctx.request.body);
    const id = await runCommand(deps, ctx, (cx) => recordSpend(cx, input));
    ctx.status = 201;
    ctx.body = { id, ...input };
  });

  router.get('/tracking-numbers', permit('crm.read'), async (ctx) => {
    ctx.body = {
      items: await select(
        pool,
        `SELECT e164 AS number, channel_id AS "channelId", campaign_id AS "campaignId", label FROM call_tracking_numbers ORDER BY e164`,
      ),
    };
  });
  router.put('/tracking-numbers', permit('marketing.manage'), async (ctx) => {
    const input = parse(trackingBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => setTrackingNumber(cx, input));
    ctx.body = input;
  });

  router.get('/reports/channel-return', permit('crm.read'), async (ctx) => {
    const q = parse(periodQuery, ctx.query);
    ctx.body = await channelReturn(
      pool,
      { ...periodOf(q, deps.clock.now(), deps.config.station.timezone), groupBy: q.groupBy },
      deps.config.station.timezone,
    );
  });

  return router;
}
