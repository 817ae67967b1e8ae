import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { execute, selectOne } from '../db.ts';
import type { MessageRow } from '../notifications.presenter.ts';
import { loadSettings } from '../queries/settings.ts';
import { appendMessageEvent } from './message-events.ts';

async function lockMessage(cx: CommandContext, id: string): Promise<MessageRow> {
  const row = await selectOne<MessageRow>(
    cx,
    `SELECT * FROM notification_messages WHERE id = :id FOR UPDATE`,
    { id },
  );
  if (!row) throw notFound('Message');
  return row;
}

/**
 * A failed (or cancelled) message goes again as a new message with the same text to the same
 * recipient; the old one keeps its history and the new one points at it. Sent now, not in quiet
 * hours' spite: the sender still holds it until the quiet hours end.
 */
export async function resendMessage(cx: CommandContext, id: string): Promise<string> {
  const original = await lockMessage(cx, id);
  if (original.status !== 'failed' && original.status !== 'cancelled')
    throw conflict(`Only a failed or cancelled message can be sent again; this one is ${original.status}`);
  const settings = await loadSettings(cx);
  const copy = newId();
  await execute(
    cx,
    `INSERT INTO notification_messages (id, kind, purpose, channel, customer_id, recipient, locale, subject, body, attachments,
        subject_type, subject_id, dedup_key, rule_id, campaign_id, resend_of, status, attempts, max_attempts, not_before,
        next_attempt_at, created_by_name, created_at, updated_at)
     SELECT :copy, kind, purpose, channel, customer_id, recipient, locale, subject, body, attachments,
        subject_type, subject_id, NULL, rule_id, campaign_id, id, 'queued', 0, :maxAttempts, :now, :now, :actor, :now, :now
       FROM notification_messages WHERE id = :id`,
    { copy, id, maxAttempts: settings.retry.maxAttempts, now: cx.now, actor: cx.actor.name },
  );
  await appendMessageEvent(cx, {
    messageId: copy,
    channel: original.channel,
    at: cx.now,
    status: 'queued',
    detail: `sent again (was ${id})`,
    actorName: cx.actor.name,
  });
  await recordAudit(cx, {
    action: 'notification.resent',
    entityType: 'notification_message',
    entityId: copy,
    after: { resendOf: id },
  });
  cx.emit({
    type: 'notifications.queued',
    messageId: copy,
    channel: original.channel,
    customerId: original.customer_id,
    kind: original.kind,
  });
  return copy;
}

export async function cancelMessage(cx: CommandContext, id: string, reason: string): Promise<void> {
  const message = await lockMessage(cx, id);
  if (message.status !== 'queued')
    throw conflict(`Only a queued message can be cancelled; this one is ${message.status}`);
  await execute(
    cx,
    `UPDATE notification_messages SET status = 'cancelled', last_error = :reason, waiting_reason = NULL, updated_at = :now WHERE id = :id`,
    { id, reason, now: cx.now },
  );
  await appendMessageEvent(cx, {
    messageId: id,
    channel: message.channel,
    at: cx.now,
    status: 'cancelled',
    attempt: message.attempts,
    detail: reason,
    actorName: cx.actor.name,
  });
  await recordAudit(cx, {
    action: 'notification.cancelled',
    entityType: 'notification_message',
    entityId: id,
    after: { reason },
  });
}

/** The customer's language for messages and birth date (for the birthday greeting). */
export async function setCustomerProfile(
  cx: CommandContext,
  customerId: string,
  input: { locale?: 'en' | 'ru' | null; birthDate?: string | null },
): Promise<{ locale: string | null; birthDate: string | null }> {
  const customer = await selectOne<{ merged_into_id: string | null }>(
    cx,
    `SELECT merged_into_id FROM customers WHERE id = :customerId FOR UPDATE`,
    { customerId },
  );
  if (!customer) throw notFound('Customer');
  if (customer.merged_into_id)
    throw conflict('This customer was merged into another record', { mergedIntoId: customer.merged_into_id });
  const before = await selectOne<{ locale: string | null; birth_date: string | null }>(
    cx,
    `SELECT locale, to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM notification_customer_profiles WHERE customer_id = :customerId`,
    { customerId },
  );
  const locale = input.locale !== undefined ? input.locale : (before?.locale ?? null);
  const birthDate = input.birthDate !== undefined ? input.birthDate : (before?.birth_date ?? null);
  await execute(
    cx,
    `INSERT INTO notification_customer_profiles (customer_id, locale, birth_date, updated_at) VALUES (:customerId, :locale, :birthDate, :now)
     ON CONFLICT (customer_id) DO UPDATE SET locale = EXCLUDED.locale, birth_date = EXCLUDED.birth_date, updated_at = EXCLUDED.updated_at`,
    { customerId, locale, birthDate, now: cx.now },
  );
  await recordAudit(cx, {
    action: 'customer.message_profile_changed',
    entityType: 'customer',
    entityId: customerId,
    before: before ? { locale: before.locale, birthDate: before.birth_date } : null,
    after: { locale, birthDate },
  });
  return { locale, birthDate };
}
