import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { pageQuery } from '../../../platform/http/pagination.ts';
import { parse } from '../../../platform/http/validate.ts';
import { permit } from '../../identity/identity.policy.ts';
import {
  cancelCampaign,
  createCampaign,
  launchCampaign,
  loadCampaign,
  previewRecipients,
} from '../campaigns/campaigns.ts';
import { recipientSources } from '../campaigns/recipient-sources.ts';
import { poolOf, select } from '../db.ts';
import { presentCampaign, type CampaignRow } from '../notifications.presenter.ts';
import { createCampaignBody, idParam, recipientsBody } from '../notifications.schemas.ts';
import { serviceOf } from '../runtime.ts';

const PREVIEW_LIMIT = 200;

export function campaignRoutes(deps: AppDeps): Router {
  const router = new Router();
  // Per route, not router.use: this router has no prefix of its own and shares /notifications.
  const manage = permit('notifications.manage');

  router.get('/sources', manage, (ctx) => {
    ctx.body = recipientSources().map((s) => ({ key: s.key, describe: s.describe }));
  });

  /** Who would get it, before a campaign exists: the count, how many can be reached, and the first ones. */
  router.post('/campaigns/preview', manage, async (ctx) => {
    const input = parse(recipientsBody, ctx.request.body);
    const recipients = await previewRecipients(poolOf(deps.sequelize), input);
    ctx.body = {
      total: recipients.length,
      eligible: recipients.filter((r) => r.eligible).length,
      recipients: recipients.slice(0, PREVIEW_LIMIT),
    };
  });

  router.get('/campaigns', manage, async (ctx) => {
    const page = parse(pageQuery, ctx.query);
    const rows = await select<CampaignRow>(
      poolOf(deps.sequelize),
      `SELECT * FROM notification_campaigns ORDER BY created_at DESC LIMIT :limit OFFSET :offset`,
      page,
    );
    ctx.body = rows.map(presentCampaign);
  });

  router.post('/campaigns', manage, async (ctx) => {
    const input = parse(createCampaignBody, ctx.request.body);
    const row = await runCommand(deps, ctx, (cx) => createCampaign(cx, input));
    ctx.status = 201;
    ctx.body = presentCampaign(row);
  });

  router.get('/campaigns/:id', manage, async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    ctx.body = presentCampaign(await loadCampaign(poolOf(deps.sequelize), id));
  });

  /** A draft: who it would reach now. A launched one: who it was queued for, and who not (and why). */
  router.get('/campaigns/:id/recipients', manage, async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const ex = poolOf(deps.sequelize);
    const campaign = await loadCampaign(ex, id);
    if (campaign.status === 'draft') {
      const recipients = await previewRecipients(ex, {
        source: campaign.source,
        sourceParams: campaign.source_params,
        channel: campaign.channel,
      });
      ctx.body = {
        total: recipients.length,
        eligible: recipients.filter((r) => r.eligible).length,
        recipients,
      };
      return;
    }
    const rows = await select<{
      customer_id: string;
      name: string;
      outcome: string;
      reason: string | null;
      recipient: string | null;
      status: string | null;
    }>(
      ex,
      `SELECT r.customer_id, c.name, r.outcome, r.reason, m.recipient, m.status
         FROM notification_campaign_recipients r JOIN customers c ON c.id = r.customer_id
         LEFT JOIN notification_messages m ON m.id = r.message_id
        WHERE r.campaign_id = :id ORDER BY c.name`,
      { id },
    );
    ctx.body = {
      total: rows.length,
      eligible: rows.filter((r) => r.outcome === 'queued').length,
      recipients: rows.map((r) => ({
        customerId: r.customer_id,
        name: r.name,
        recipient: r.recipient,
        eligible: r.outcome === 'queued',
        reason: r.reason,
        messageStatus: r.status,
      })),
    };
  });

  router.post('/campaigns/:id/launch', manage, async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const station = serviceOf(deps).station();
    ctx.body = presentCampaign(await runCommand(deps, ctx, (cx) => launchCampaign(cx, id, station)));
  });

  router.post('/campaigns/:id/cancel', manage, async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    ctx.body = presentCampaign(await runCommand(deps, ctx, (cx) => cancelCampaign(cx, id)));
  });

  return router;
}
