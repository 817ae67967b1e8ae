import type { Logger } from '../../../platform/logger.ts';
import { inTransaction, type TransactionDeps } from '../../../platform/transaction.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { newId } from '../../../platform/ids.ts';
import { attachmentRenderer } from '../attachments/registry.ts';
import { appendMessageEvent } from '../commands/message-events.ts';
import { execute, poolOf, select, selectOne } from '../db.ts';
import { customerFacts } from '../queries/customer-facts.ts';
import { channelSettings, loadSettings, type NotificationSettings } from '../queries/settings.ts';
import { consentAllows } from '../rules/consent.ts';
import { CHANNELS, type ChannelKind, type Purpose } from '../rules/message-kinds.ts';
import { quietUntil } from '../rules/quiet-hours.ts';
import { rateBudget, retryDelaySeconds, shouldRetry } from '../rules/retry.ts';
import { ChannelError, type Channel, type OutgoingAttachment, type SendResult } from './channel.ts';
import type { ChannelSet } from './channel-set.ts';

export interface SenderEnv {
  tx: TransactionDeps;
  logger: Logger;
  timeZone: string;
  channels: ChannelSet;
}

export interface SendReport {
  sent: number;
  retried: number;
  failed: number;
  cancelled: number;
  waiting: number;
  deferred: number;
  recovered: number;
}

/** A message found "sending" this long after its claim was cut off (a crash, a power cut): it goes again. */
export const STUCK_AFTER_MS = 10 * 60_000;
/** How long an unavailable channel waits before the next try. */
export const UNAVAILABLE_WAIT_MS = 60_000;

const ACTOR = { type: 'system', id: null, name: 'notifications sender' } as const;

interface ClaimedMessage {
  id: string;
  kind: string;
  purpose: Purpose;
  channel: ChannelKind;
  customer_id: string | null;
  recipient: string;
  locale: 'en' | 'ru';
  subject: string | null;
  body: string;
  attachments: Array<{ type: string; orderId?: string }>;
  attempts: number;
  max_attempts: number;
  waiting_reason: string | null;
}

function at(env: SenderEnv, now: Date): TransactionDeps {
  return { ...env.tx, clock: { now: () => now } };
}

function run<T>(env: SenderEnv, now: Date, work: (cx: CommandContext) => Promise<T>): Promise<T> {
  return inTransaction(at(env, now), ACTOR, work);
}

/** Puts messages left "sending" by a run that never finished back in the queue (at-least-once: never lost). */
export async function recoverStuck(env: SenderEnv, now: Date, olderThanMs = STUCK_AFTER_MS): Promise<number> {
  return run(env, now, async (cx) => {
    const rows = await select<{ id: string; channel: string; attempts: number }>(
      cx,
      `UPDATE notification_messages SET status = 'queued', next_attempt_at = :now, updated_at = :now,
              waiting_reason = 'interrupted while sending'
        WHERE status = 'sending' AND updated_at <= :cutoff RETURNING id, channel, attempts`,
      { now, cutoff: new Date(now.getTime() - olderThanMs) },
    );
    for (const row of rows)
      await appendMessageEvent(cx, {
        messageId: row.id,
        channel: row.channel,
        at: now,
        status: 'requeued',
        attempt: row.attempts,
        detail:
          'the send was interrupted (the server stopped?); it goes again, so the customer may get it twice',
      });
    return rows.length;
  });
}

async function deferForQuietHours(
  env: SenderEnv,
  channel: ChannelKind,
  now: Date,
  until: Date,
  to: string,
): Promise<number> {
  return run(env, now, async (cx) => {
    const reason = `quiet hours until ${to} (station time)`;
    const rows = await select<{ id: string; attempts: number }>(
      cx,
      `UPDATE notification_messages SET next_attempt_at = :until, waiting_reason = :reason, updated_at = :now
        WHERE status = 'queued' AND channel = :channel AND next_attempt_at <= :now RETURNING id, attempts`,
      { until, reason, now, channel },
    );
    for (const row of rows)
      await appendMessageEvent(cx, {
        messageId: row.id,
        channel,
        at: now,
        status: 'deferred',
        attempt: row.attempts,
        detail: reason,
      });
    return rows.length;
  });
}

async function recentSends(env: SenderEnv, channel: ChannelKind, now: Date): Promise<Date[]> {
  const rows = await select<{ at: Date }>(
    poolOf(env.tx.sequelize),
    `SELECT at FROM notification_message_events WHERE channel = :channel AND status = 'sending' AND at > :since AND at <= :now`,
    { channel, since: new Date(now.getTime() - 60_000), now },
  );
  return rows.map((r) => new Date(r.at));
}

/** Takes the next due message of the channel for this run (other runs skip it). */
async function claimNext(env: SenderEnv, channel: ChannelKind, now: Date): Promise<ClaimedMessage | null> {
  return run(env, now, async (cx) => {
    const row = await selectOne<ClaimedMessage>(
      cx,
      `UPDATE notification_messages m SET status = 'sending', attempts = m.attempts + 1, updated_at = :now
         FROM (SELECT id FROM notification_messages WHERE status = 'queued' AND channel = :channel AND next_attempt_at <= :now
                ORDER BY next_attempt_at, created_at LIMIT 1 FOR UPDATE SKIP LOCKED) due
        WHERE m.id = due.id
        RETURNING m.id, m.kind, m.purpose, m.channel, m.customer_id, m.recipient, m.locale, m.subject, m.body, m.attachments,
                  m.attempts, m.max_attempts, m.waiting_reason`,
      { channel, now },
    );
    if (row)
      await appendMessageEvent(cx, {
        messageId: row.id,
        channel,
        at: now,
        status: 'sending',
        attempt: row.attempts,
      });
    return row;
  });
}

async function renderAttachments(
  message: ClaimedMessage,
): Promise<{ files: OutgoingAttachment[]; notes: string[] }> {
  const files: OutgoingAttachment[] = [];
  const notes: string[] = [];
  for (const ref of message.attachments) {
    const renderer = attachmentRenderer(ref.type);
    if (!renderer) {
      notes.push(`no ${ref.type} renderer is registered: sent without it`);
      continue;
    }
    files.push(await renderer({ type: ref.type, orderId: ref.orderId, locale: message.locale }));
  }
  return { files, notes };
}

async function markSent(
  env: SenderEnv,
  message: ClaimedMessage,
  provider: string,
  result: SendResult,
  now: Date,
  notes: string[],
) {
  await run(env, now, async (cx) => {
    const delivered = result.delivered === true;
    await execute(
      cx,
      `UPDATE notification_messages SET status = :status, sent_at = :now, delivered_at = :deliveredAt, provider = :provider,
              provider_message_id = :providerId, last_error = NULL, waiting_reason = NULL, updated_at = :now
        WHERE id = :id`,
      {
        id: message.id,
        status: delivered ? 'delivered' : 'sent',
        now,
        deliveredAt: delivered ? now : null,
        provider,
        providerId: result.providerId ?? null,
      },
    );
    await appendMessageEvent(cx, {
      messageId: message.id,
      channel: message.channel,
      at: now,
      status: 'sent',
      attempt: message.attempts,
      providerMessageId: result.providerId ?? null,
      detail: [`via ${provider}`, ...notes].join('; '),
    });
    if (delivered)
      await appendMessageEvent(cx, {
        messageId: message.id,
        channel: message.channel,
        at: now,
        status: 'delivered',
        attempt: message.attempts,
      });
    for (const reference of result.references ?? [])
      await execute(
        cx,
        `INSERT INTO notification_provider_refs (id, message_id, provider, reference, recipient, sent_at)
         VALUES (:id, :messageId, :provider, :reference, :recipient, :now)`,
        { id: newId(), messageId: message.id, provider, reference, recipient: message.recipient, now },
      );
  });
}

async function markFailure(
  env: SenderEnv,
  message: ClaimedMessage,
  error: ChannelError,
  now: Date,
  retry: NotificationSettings['retry'],
) {
  return run(env, now, async (cx) => {
    const base = { messageId: message.id, channel: message.channel, at: now, attempt: message.attempts };
    if (error.kind === 'unavailable') {
      await execute(
        cx,
        `UPDATE notification_messages SET status = 'queued', attempts = attempts - 1, next_attempt_at = :next,
                waiting_reason = :reason, updated_at = :now WHERE id = :id`,
        { id: message.id, next: new Date(now.getTime() + UNAVAILABLE_WAIT_MS), reason: error.message, now },
      );
      // The rest of the channel's queue waits for the same reason; the log says it once per reason.
      await execute(
        cx,
        `UPDATE notification_messages SET waiting_reason = :reason
          WHERE status = 'queued' AND channel = :channel AND next_attempt_at <= :now AND id <> :id`,
        { reason: error.message, channel: message.channel, now, id: message.id },
      );
      if (message.waiting_reason !== error.message)
        await appendMessageEvent(cx, {
          ...base,
          attempt: message.attempts - 1,
          status: 'waiting',
          detail: error.message,
        });
      return 'waiting' as const;
    }
    if (error.kind === 'transient' && shouldRetry(message.attempts, message.max_attempts)) {
      const delay = retryDelaySeconds(message.attempts, retry, Math.random());
      const next = new Date(now.getTime() + delay * 1000);
      await execute(
        cx,
        `UPDATE notification_messages SET status = 'queued', next_attempt_at = :next, last_error = :reason, waiting_reason = NULL,
                updated_at = :now WHERE id = :id`,
        { id: message.id, next, reason: error.message, now },
      );
      await appendMessageEvent(cx, {
        ...base,
        status: 'retry',
        detail: `${error.message}; next try at ${next.toISOString()}`,
      });
      return 'retried' as const;
    }
    const reason =
      error.kind === 'permanent'
        ? error.message
        : `gave up after ${message.attempts} attempts: ${error.message}`;
    await execute(
      cx,
      `UPDATE notification_messages SET status = 'failed', failed_at = :now, last_error = :reason, waiting_reason = NULL,
              updated_at = :now WHERE id = :id`,
      { id: message.id, reason, now },
    );
    await appendMessageEvent(cx, { ...base, status: 'failed', detail: reason });
    return 'failed' as const;
  });
}

/** A customer who withdrew consent after the message was queued does not get it. */
async function consentWithdrawn(env: SenderEnv, message: ClaimedMessage): Promise<boolean> {
  if (!message.customer_id) return false;
  const customer = await customerFacts(poolOf(env.tx.sequelize), message.customer_id);
  return customer !== null && !consentAllows(customer.consents, message.channel, message.purpose);
}

async function cancel(env: SenderEnv, message: ClaimedMessage, now: Date, reason: string) {
  await run(env, now, async (cx) => {
    await execute(
      cx,
      `UPDATE notification_messages SET status = 'cancelled', last_error = :reason, waiting_reason = NULL, updated_at = :now WHERE id = :id`,
      { id: message.id, reason, now },
    );
    await appendMessageEvent(cx, {
      messageId: message.id,
      channel: message.channel,
      at: now,
      status: 'cancelled',
      detail: reason,
    });
  });
}

async function sendOne(
  env: SenderEnv,
  channel: Channel,
  message: ClaimedMessage,
  now: Date,
  settings: NotificationSettings,
) {
  if (await consentWithdrawn(env, message)) {
    await cancel(env, message, now, 'the customer withdrew consent after it was queued');
    return 'cancelled' as const;
  }
  let result: SendResult;
  let notes: string[] = [];
  try {
    const attachments = await renderAttachments(message);
    notes = attachments.notes;
    result = await channel.send({
      id: message.id,
      channel: message.channel,
      recipient: message.recipient,
      subject: message.subject,
      body: message.body,
      attachments: attachments.files,
    });
  } catch (err) {
    const error =
      err instanceof ChannelError
        ? err
        : new ChannelError('transient', (err as Error).message ?? String(err));
    if (!(err instanceof ChannelError))
      env.logger.warn({ err, messageId: message.id }, 'sending a message failed');
    return markFailure(env, message, error, now, settings.retry);
  }
  await markSent(env, message, channel.provider, result, now, notes);
  return 'sent' as const;
}

/**
 * One run of the sender at `now`: each switched-on channel outside its quiet hours sends its due
 * messages, oldest first, as far as its per-minute limit allows; an unavailable channel stops for
 * this run and its queue waits. Tests call it directly with their clock's time.
 */
export async function sendDue(env: SenderEnv, now: Date, limitPerChannel = 200): Promise<SendReport> {
  const report: SendReport = {
    sent: 0,
    retried: 0,
    failed: 0,
    cancelled: 0,
    waiting: 0,
    deferred: 0,
    recovered: 0,
  };
  report.recovered = await recoverStuck(env, now);
  const settings = await loadSettings(poolOf(env.tx.sequelize));
  for (const kind of CHANNELS) {
    const config = channelSettings(settings, kind);
    if (!config.enabled) continue;
    const quietEnd = quietUntil(now, config.quietHours, env.timeZone);
    if (quietEnd) {
      report.deferred += await deferForQuietHours(env, kind, now, quietEnd, config.quietHours!.to);
      continue;
    }
    const budget = Math.min(
      limitPerChannel,
      rateBudget(config.perMinute, await recentSends(env, kind, now), now),
    );
    if (budget === 0) continue;
    let channel: Channel | null = null;
    for (let i = 0; i < budget; i++) {
      const message = await claimNext(env, kind, now);
      if (!message) break;
      channel ??= await env.channels.get(kind, settings);
      const outcome = await sendOne(env, channel, message, now, settings);
      report[outcome] += 1;
      if (outcome === 'waiting') break;
    }
  }
  return report;
}
