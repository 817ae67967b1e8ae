import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { actorUserId } from '../../workshop/actor.ts';
import { appendMessageEvent } from '../commands/message-events.ts';
import { queueMessage, type StationFormat } from '../commands/queue-message.ts';
import { assertTemplateText } from '../commands/templates.ts';
import { execute, select, selectOne, type Executor } from '../db.ts';
import type { CampaignRow } from '../notifications.presenter.ts';
import { eventContext } from '../queries/message-context.ts';
import type { ChannelKind, MessageLocale } from '../rules/message-kinds.ts';
import { recipientSource, type Recipient } from './recipient-sources.ts';

export type CampaignTexts = Partial<Record<MessageLocale, { subject?: string | null; body: string }>>;

export interface CampaignInput {
  name: string;
  channel: ChannelKind;
  source: string;
  sourceParams: Record<string, unknown>;
  texts: CampaignTexts;
}

export interface RecipientPreview {
  customerId: string;
  name: string;
  recipient: string | null;
  eligible: boolean;
  reason: string | null;
}

/** The campaign's audience with who can be reached: marketing consent on the channel and a phone or e-mail. */
export async function previewRecipients(
  ex: Executor,
  input: { source: string; sourceParams: Record<string, unknown>; channel: ChannelKind },
): Promise<RecipientPreview[]> {
  const source = recipientSource(input.source);
  if (!source) throw badRequest(`source: no recipient source ${input.source}`, 'source');
  const recipients: Recipient[] = await source.list(ex, input.sourceParams);
  return recipients.map((r) => {
    const address = input.channel === 'sms' ? (r.phones[0] ?? null) : r.email;
    const consent = input.channel === 'sms' ? r.consents.smsMarketing : r.consents.emailMarketing;
    const reason = !consent
      ? `no consent to marketing ${input.channel}`
      : !address
        ? `no ${input.channel === 'sms' ? 'phone' : 'e-mail'}`
        : null;
    return { customerId: r.customerId, name: r.name, recipient: address, eligible: reason === null, reason };
  });
}

function checkTexts(channel: ChannelKind, texts: CampaignTexts): void {
  for (const [locale, text] of Object.entries(texts)) {
    if (!text) continue;
    if (channel === 'sms' && text.subject)
      throw badRequest(`texts.${locale}.subject: an SMS has no subject`, `texts.${locale}.subject`);
    assertTemplateText('campaign', `texts.${locale}.body`, text.body);
    if (text.subject) assertTemplateText('campaign', `texts.${locale}.subject`, text.subject);
  }
}

export async function loadCampaign(ex: Executor, id: string, lock = false): Promise<CampaignRow> {
  const row = await selectOne<CampaignRow>(
    ex,
    `SELECT * FROM notification_campaigns WHERE id = :id${lock ? ' FOR UPDATE' : ''}`,
    { id },
  );
  if (!row) throw notFound('Campaign');
  return row;
}

export async function createCampaign(cx: CommandContext, input: CampaignInput): Promise<CampaignRow> {
  checkTexts(input.channel, input.texts);
  if (!recipientSource(input.source))
    throw badRequest(`source: no recipient source ${input.source}`, 'source');
  await previewRecipients(cx, input); // refuses bad filter parameters now rather than at launch
  const id = newId();
  await execute(
    cx,
    `INSERT INTO notification_campaigns (id, name, channel, source, source_params, templates, status, created_by, created_by_name, created_at, updated_at)
     VALUES (:id, :name, :channel, :source, :sourceParams, :templates, 'draft', :userId, :actor, :now, :now)`,
    {
      id,
      name: input.name,
      channel: input.channel,
      source: input.source,
      sourceParams: JSON.stringify(input.sourceParams),
      templates: JSON.stringify(input.texts),
      userId: actorUserId(cx.actor),
      actor: cx.actor.name,
      now: cx.now,
    },
  );
  const row = await loadCampaign(cx, id);
  await recordAudit(cx, {
    action: 'notification_campaign.created',
    entityType: 'notification_campaign',
    entityId: id,
    after: row,
  });
  return row;
}

/**
 * Queues the campaign's message for everyone in its audience right now, through the outbox: consent,
 * quiet hours and rate limits apply as to any message; each customer gets it once (the recipients
 * table and the message's dedup key both say so).
 */
export async function launchCampaign(
  cx: CommandContext,
  id: string,
  station: StationFormat,
): Promise<CampaignRow> {
  const campaign = await loadCampaign(cx, id, true);
  if (campaign.status !== 'draft') throw conflict(`The campaign is ${campaign.status} already`);
  const source = recipientSource(campaign.source);
  if (!source) throw conflict(`The recipient source ${campaign.source} is not available`);
  const recipients = await source.list(cx, campaign.source_params);
  const texts = Object.fromEntries(
    Object.entries(campaign.templates).map(([l, t]) => [l, { subject: t?.subject ?? null, body: t!.body }]),
  );
  let queued = 0;
  let suppressed = 0;
  for (const recipient of recipients) {
    const context = await eventContext(
      cx,
      { type: 'campaign', customerId: recipient.customerId },
      { linkBaseUrl: null },
    );
    const outcome = await queueMessage(cx, {
      kind: 'campaign',
      channel: campaign.channel,
      customerId: recipient.customerId,
      values: context.values,
      station,
      subject: { type: 'campaign', id: `${campaign.id}:${recipient.customerId}` },
      campaignId: campaign.id,
      texts,
    });
    const messageId = outcome.outcome === 'suppressed' ? null : outcome.messageId;
    await execute(
      cx,
      `INSERT INTO notification_campaign_recipients (campaign_id, customer_id, message_id, outcome, reason)
       VALUES (:campaignId, :customerId, :messageId, :outcome, :reason) ON CONFLICT DO NOTHING`,
      {
        campaignId: campaign.id,
        customerId: recipient.customerId,
        messageId,
        outcome: messageId ? 'queued' : 'suppressed',
        reason: outcome.outcome === 'suppressed' ? outcome.detail : null,
      },
    );
    if (messageId) queued += 1;
    else suppressed += 1;
  }
  await execute(
    cx,
    `UPDATE notification_campaigns SET status = 'launched', launched_at = :now, queued_count = :queued, suppressed_count = :suppressed,
            updated_at = :now WHERE id = :id`,
    { id, now: cx.now, queued, suppressed },
  );
  const after = await loadCampaign(cx, id);
  await recordAudit(cx, {
    action: 'notification_campaign.launched',
    entityType: 'notification_campaign',
    entityId: id,
    after: { queued, suppressed, recipients: recipients.length },
  });
  return after;
}

/** A draft is dropped; a launched campaign's messages not sent yet are cancelled. */
export async function cancelCampaign(cx: CommandContext, id: string): Promise<CampaignRow> {
  const campaign = await loadCampaign(cx, id, true);
  if (campaign.status === 'cancelled') throw conflict('The campaign is cancelled already');
  const rows = await select<{ id: string; channel: string; attempts: number }>(
    cx,
    `UPDATE notification_messages SET status = 'cancelled', last_error = 'the campaign was cancelled', waiting_reason = NULL, updated_at = :now
      WHERE campaign_id = :id AND status = 'queued' RETURNING id, channel, attempts`,
    { id, now: cx.now },
  );
  for (const row of rows)
    await appendMessageEvent(cx, {
      messageId: row.id,
      channel: row.channel,
      at: cx.now,
      status: 'cancelled',
      attempt: row.attempts,
      detail: 'the campaign was cancelled',
      actorName: cx.actor.name,
    });
  await execute(
    cx,
    `UPDATE notification_campaigns SET status = 'cancelled', updated_at = :now WHERE id = :id`,
    { id, now: cx.now },
  );
  await recordAudit(cx, {
    action: 'notification_campaign.cancelled',
    entityType: 'notification_campaign',
    entityId: id,
    after: { cancelledMessages: rows.length },
  });
  return loadCampaign(cx, id);
}
