import type { DeliveryLogEntryDto } from '../../../contracts/notifications.ts';
import { iso, select, selectOne, type Executor } from '../db.ts';
import { presentMessage, type MessageEventRow, type MessageRow } from '../notifications.presenter.ts';

export interface OutboxFilter {
  status?: string;
  channel?: string;
  kind?: string;
  customerId?: string;
  campaignId?: string;
  from?: string;
  to?: string;
  q?: string;
  offset: number;
  limit: number;
}

const MESSAGE_COLUMNS = `m.*, c.name AS customer_name`;

export async function listOutbox(ex: Executor, f: OutboxFilter) {
  const where = `(:status::text IS NULL OR m.status = :status) AND (:channel::text IS NULL OR m.channel = :channel)
     AND (:kind::text IS NULL OR m.kind = :kind) AND (:customerId::uuid IS NULL OR m.customer_id = :customerId)
     AND (:campaignId::uuid IS NULL OR m.campaign_id = :campaignId)
     AND (:from::timestamptz IS NULL OR m.created_at >= :from) AND (:to::timestamptz IS NULL OR m.created_at < :to)
     AND (:q::text IS NULL OR m.recipient LIKE '%' || :q || '%' OR m.body ILIKE '%' || :q || '%')`;
  const params = {
    status: f.status ?? null,
    channel: f.channel ?? null,
    kind: f.kind ?? null,
    customerId: f.customerId ?? null,
    campaignId: f.campaignId ?? null,
    from: f.from ?? null,
    to: f.to ?? null,
    q: f.q ?? null,
  };
  const rows = await select<MessageRow>(
    ex,
    `SELECT ${MESSAGE_COLUMNS} FROM notification_messages m LEFT JOIN customers c ON c.id = m.customer_id
      WHERE ${where} ORDER BY m.created_at DESC, m.id LIMIT :limit OFFSET :offset`,
    { ...params, limit: f.limit, offset: f.offset },
  );
  const total = await selectOne<{ n: string }>(
    ex,
    `SELECT count(*) AS n FROM notification_messages m WHERE ${where}`,
    params,
  );
  return {
    items: rows.map((r) => presentMessage(r)),
    total: Number(total?.n ?? 0),
    offset: f.offset,
    limit: f.limit,
  };
}

export async function getMessage(ex: Executor, id: string) {
  const row = await selectOne<MessageRow>(
    ex,
    `SELECT ${MESSAGE_COLUMNS} FROM notification_messages m LEFT JOIN customers c ON c.id = m.customer_id WHERE m.id = :id`,
    { id },
  );
  if (!row) return null;
  const events = await select<MessageEventRow>(
    ex,
    `SELECT at, status, attempt, detail, provider_message_id, actor_name FROM notification_message_events
      WHERE message_id = :id ORDER BY seq`,
    { id },
  );
  return presentMessage(row, events);
}

/**
 * Everything the station said (or did not say) to a customer, newest first: messages with their
 * delivery history, messages not sent and why, opt-outs and replies. A merged-away customer's
 * refusals and opt-outs stay on that record (append-only) and show here too.
 */
export async function customerDeliveryLog(
  ex: Executor,
  customerId: string,
  limit = 200,
): Promise<DeliveryLogEntryDto[]> {
  const ids = (
    await select<{ id: string }>(
      ex,
      `SELECT id FROM customers WHERE id = :customerId OR merged_into_id = :customerId`,
      { customerId },
    )
  ).map((r) => r.id);
  if (ids.length === 0) return [];
  const messages = await select<MessageRow>(
    ex,
    `SELECT ${MESSAGE_COLUMNS} FROM notification_messages m LEFT JOIN customers c ON c.id = m.customer_id
      WHERE m.customer_id IN (:ids) ORDER BY m.created_at DESC LIMIT :limit`,
    { ids, limit },
  );
  const events = messages.length
    ? await select<MessageEventRow & { message_id: string }>(
        ex,
        `SELECT message_id, at, status, attempt, detail, provider_message_id, actor_name FROM notification_message_events
          WHERE message_id IN (:ids) ORDER BY seq`,
        { ids: messages.map((m) => m.id) },
      )
    : [];
  const suppressed = await select<{
    at: Date;
    kind: string;
    channel: 'sms' | 'email';
    reason: string;
    detail: string | null;
  }>(
    ex,
    `SELECT at, kind, channel, reason, detail FROM notification_suppressions WHERE customer_id IN (:ids) ORDER BY at DESC LIMIT :limit`,
    { ids, limit },
  );
  const optOuts = await select<{
    at: Date;
    channel: 'sms' | 'email';
    purpose: string | null;
    source: string;
    note: string | null;
    actor_name: string;
  }>(
    ex,
    `SELECT at, channel, purpose, source, note, actor_name FROM notification_opt_outs WHERE customer_id IN (:ids) ORDER BY at DESC LIMIT :limit`,
    { ids, limit },
  );
  const replies = await select<{ received_at: Date; sender: string; body: string; action: string }>(
    ex,
    `SELECT received_at, sender, body, action FROM notification_inbound WHERE customer_id IN (:ids) ORDER BY received_at DESC LIMIT :limit`,
    { ids, limit },
  );
  const entries: DeliveryLogEntryDto[] = [
    ...messages.map((m): DeliveryLogEntryDto => ({
      type: 'message',
      at: iso(m.created_at)!,
      message: presentMessage(
        m,
        events.filter((e) => e.message_id === m.id),
      ),
    })),
    ...suppressed.map((s): DeliveryLogEntryDto => ({
      type: 'suppressed',
      at: iso(s.at)!,
      kind: s.kind,
      channel: s.channel,
      reason: s.reason,
      detail: s.detail,
    })),
    ...optOuts.map((o): DeliveryLogEntryDto => ({
      type: 'opt_out',
      at: iso(o.at)!,
      channel: o.channel,
      purpose: o.purpose,
      source: o.source,
      note: o.note,
      actor: o.actor_name,
    })),
    ...replies.map((r): DeliveryLogEntryDto => ({
      type: 'reply',
      at: iso(r.received_at)!,
      sender: r.sender,
      body: r.body,
      action: r.action,
    })),
  ];
  return entries.sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
}

export async function channelCounts(ex: Executor, channel: string, now: Date) {
  const row = await selectOne<{ queued: string; failed: string }>(
    ex,
    `SELECT count(*) FILTER (WHERE status IN ('queued', 'sending')) AS queued,
            count(*) FILTER (WHERE status = 'failed' AND failed_at > :since) AS failed
       FROM notification_messages WHERE channel = :channel`,
    { channel, since: new Date(now.getTime() - 86_400_000) },
  );
  return { queued: Number(row?.queued ?? 0), failedLastDay: Number(row?.failed ?? 0) };
}
