import type { CommandContext } from '../../../platform/context.ts';
import { newId } from '../../../platform/ids.ts';
import { execute, selectOne } from '../db.ts';
import { customerFacts, type CustomerFacts } from '../queries/customer-facts.ts';
import type { Values } from '../queries/message-context.ts';
import { channelSettings, loadSettings } from '../queries/settings.ts';
import { findTemplate } from '../queries/templates.ts';
import { consentAllows } from '../rules/consent.ts';
import { dedupKey } from '../rules/dedup.ts';
import {
  MESSAGE_KINDS,
  type ChannelKind,
  type MessageKind,
  type MessageLocale,
  type Purpose,
} from '../rules/message-kinds.ts';
import { quietUntil } from '../rules/quiet-hours.ts';
import { renderTemplate } from '../rules/template.ts';
import { appendMessageEvent } from './message-events.ts';

/** How the station formats money and dates: from the configuration (PITWALL_TIMEZONE, _CURRENCY, _LOCALE). */
export interface StationFormat {
  timeZone: string;
  currency: string;
  defaultLocale: MessageLocale;
}

export interface AttachmentRef {
  type: 'invoice';
  orderId: string;
}

export interface QueueMessageInput {
  kind: MessageKind;
  channel: ChannelKind;
  customerId: string;
  values: Values;
  station: StationFormat;
  subject?: { type: string; id: string } | null;
  ruleId?: string | null;
  campaignId?: string | null;
  notBefore?: Date | null;
  attachments?: AttachmentRef[];
  /** Texts given with the message (a campaign's), by language; otherwise the kind's template. */
  texts?: Partial<Record<MessageLocale, { subject: string | null; body: string }>> | null;
}

export type SuppressionReason =
  'no_consent' | 'no_recipient' | 'channel_off' | 'no_template' | 'empty_message' | 'customer_merged';

export type QueueOutcome =
  | { outcome: 'queued'; messageId: string; nextAttemptAt: Date }
  | { outcome: 'duplicate'; messageId: string | null }
  | { outcome: 'suppressed'; reason: SuppressionReason; detail: string };

async function suppress(
  cx: CommandContext,
  input: QueueMessageInput,
  purpose: Purpose,
  reason: SuppressionReason,
  detail: string,
): Promise<QueueOutcome> {
  await execute(
    cx,
    `INSERT INTO notification_suppressions (id, kind, purpose, channel, customer_id, subject_type, subject_id, reason, detail, rule_id, campaign_id, at)
     VALUES (:id, :kind, :purpose, :channel, :customerId, :subjectType, :subjectId, :reason, :detail, :ruleId, :campaignId, :now)`,
    {
      id: newId(),
      kind: input.kind,
      purpose,
      channel: input.channel,
      customerId: input.customerId,
      subjectType: input.subject?.type ?? null,
      subjectId: input.subject?.id ?? null,
      reason,
      detail,
      ruleId: input.ruleId ?? null,
      campaignId: input.campaignId ?? null,
      now: cx.now,
    },
  );
  return { outcome: 'suppressed', reason, detail };
}

async function optOutNote(cx: CommandContext, customerId: string, channel: ChannelKind): Promise<string> {
  const row = await selectOne<{ source: string; at: Date }>(
    cx,
    `SELECT source, at FROM notification_opt_outs WHERE customer_id = :customerId AND channel = :channel ORDER BY at DESC LIMIT 1`,
    { customerId, channel },
  );
  return row
    ? ` (opted out ${row.source === 'reply' ? 'by a reply' : 'through the advisor'} on ${new Date(row.at).toISOString().slice(0, 10)})`
    : '';
}

function recipientOf(customer: CustomerFacts, channel: ChannelKind): string | null {
  return channel === 'sms' ? customer.phone : customer.email;
}

function localeChoice(customer: CustomerFacts, station: StationFormat): MessageLocale[] {
  return [
    ...new Set<MessageLocale>([customer.locale ?? station.defaultLocale, station.defaultLocale, 'en', 'ru']),
  ];
}

/**
 * Puts one message in the outbox, in the caller's transaction: it exists exactly when the change that
 * caused it does. Refused (and the reason recorded) without consent for its purpose, without a phone
 * or e-mail, with the channel switched off or with no template; skipped when the same kind, subject
 * and channel was queued before. Quiet hours move its first attempt to the morning.
 */
export async function queueMessage(cx: CommandContext, input: QueueMessageInput): Promise<QueueOutcome> {
  const purpose = MESSAGE_KINDS[input.kind].purpose;
  const settings = await loadSettings(cx);
  const channel = channelSettings(settings, input.channel);
  if (!channel.enabled)
    return suppress(cx, input, purpose, 'channel_off', `${input.channel} messages are switched off`);
  const customer = await customerFacts(cx, input.customerId);
  if (!customer) return suppress(cx, input, purpose, 'no_recipient', 'no such customer');
  if (customer.mergedIntoId)
    return suppress(
      cx,
      input,
      purpose,
      'customer_merged',
      `the customer was merged into ${customer.mergedIntoId}`,
    );
  if (!consentAllows(customer.consents, input.channel, purpose)) {
    const note = await optOutNote(cx, customer.id, input.channel);
    return suppress(
      cx,
      input,
      purpose,
      'no_consent',
      `no consent to ${purpose} ${input.channel} messages${note}`,
    );
  }
  const recipient = recipientOf(customer, input.channel);
  if (!recipient)
    return suppress(
      cx,
      input,
      purpose,
      'no_recipient',
      input.channel === 'sms' ? 'the customer has no phone' : 'the customer has no e-mail',
    );

  const locales = localeChoice(customer, input.station);
  let texts: { subject: string | null; body: string; locale: MessageLocale } | null = null;
  if (input.texts) {
    const locale = locales.find((l) => input.texts?.[l]);
    if (locale) texts = { ...input.texts[locale]!, locale };
  } else {
    const template = await findTemplate(cx, input.kind, input.channel, locales);
    if (template) texts = { subject: template.subject, body: template.body, locale: template.locale };
  }
  if (!texts)
    return suppress(cx, input, purpose, 'no_template', `no ${input.channel} template for ${input.kind}`);
  const render = { locale: texts.locale, timeZone: input.station.timeZone, currency: input.station.currency };
  const body = renderTemplate(texts.body, input.values, {
    ...render,
    plainSpaces: input.channel === 'sms',
  }).trim();
  const subject =
    input.channel === 'email' && texts.subject
      ? renderTemplate(texts.subject, input.values, render).trim()
      : null;
  if (!body) return suppress(cx, input, purpose, 'empty_message', 'the template rendered to nothing');

  const key = dedupKey(input.kind, input.subject?.id ?? null, input.channel);
  const due = input.notBefore && input.notBefore > cx.now ? input.notBefore : cx.now;
  const quietEnd = quietUntil(due, channel.quietHours, input.station.timeZone);
  const nextAttemptAt = quietEnd ?? due;
  const waiting = quietEnd ? `quiet hours until ${channel.quietHours!.to} (station time)` : null;
  const id = newId();
  const inserted = await selectOne<{ id: string }>(
    cx,
    `INSERT INTO notification_messages (id, kind, purpose, channel, customer_id, recipient, locale, subject, body, attachments,
        subject_type, subject_id, dedup_key, rule_id, campaign_id, status, attempts, max_attempts, not_before, next_attempt_at,
        waiting_reason, created_by_name, created_at, updated_at)
     VALUES (:id, :kind, :purpose, :channel, :customerId, :recipient, :locale, :subject, :body, :attachments,
        :subjectType, :subjectId, :dedupKey, :ruleId, :campaignId, 'queued', 0, :maxAttempts, :notBefore, :nextAttemptAt,
        :waiting, :actorName, :now, :now)
     ON CONFLICT (dedup_key) DO NOTHING RETURNING id`,
    {
      id,
      kind: input.kind,
      purpose,
      channel: input.channel,
      customerId: customer.id,
      recipient,
      locale: texts.locale,
      subject,
      body,
      attachments: JSON.stringify(input.channel === 'email' ? (input.attachments ?? []) : []),
      subjectType: input.subject?.type ?? null,
      subjectId: input.subject?.id ?? null,
      dedupKey: key,
      ruleId: input.ruleId ?? null,
      campaignId: input.campaignId ?? null,
      maxAttempts: settings.retry.maxAttempts,
      notBefore: due,
      nextAttemptAt,
      waiting,
      actorName: cx.actor.name,
      now: cx.now,
    },
  );
  if (!inserted) {
    const existing = await selectOne<{ id: string }>(
      cx,
      `SELECT id FROM notification_messages WHERE dedup_key = :key`,
      { key },
    );
    return { outcome: 'duplicate', messageId: existing?.id ?? null };
  }
  await appendMessageEvent(cx, {
    messageId: id,
    channel: input.channel,
    at: cx.now,
    status: 'queued',
    detail: waiting ?? (due > cx.now ? `not before ${due.toISOString()}` : null),
    actorName: cx.actor.name,
  });
  cx.emit({
    type: 'notifications.queued',
    messageId: id,
    channel: input.channel,
    customerId: customer.id,
    kind: input.kind,
  });
  return { outcome: 'queued', messageId: id, nextAttemptAt };
}
