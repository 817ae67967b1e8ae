import type { CommandContext } from '../../../platform/context.ts';
import { execute, select, selectOne } from '../db.ts';
import { appendMessageEvent } from './message-events.ts';

export interface DeliveryReport {
  provider: string;
  reference: string;
  /** The number the report is about; the modem's reference wraps at 256, so it narrows the match. */
  recipient: string | null;
  outcome: 'delivered' | 'failed' | 'pending';
  statusCode: number | null;
  detail: string;
}

const digits = (s: string) => s.replace(/\D/g, '');

/**
 * A delivery report from a channel: the part (or message) it names is delivered or not; a message
 * whose every part arrived is delivered, one with a part the network gave up on has failed. A
 * report for nothing we sent in the last week is ignored (answers false).
 */
export async function applyDeliveryReport(cx: CommandContext, report: DeliveryReport): Promise<boolean> {
  if (report.outcome === 'pending') return true;
  const candidates = await select<{ id: string; message_id: string; recipient: string }>(
    cx,
    `SELECT id, message_id, recipient FROM notification_provider_refs
      WHERE provider = :provider AND reference = :reference AND outcome = 'pending' AND sent_at > :since
      ORDER BY sent_at DESC FOR UPDATE`,
    {
      provider: report.provider,
      reference: report.reference,
      since: new Date(cx.now.getTime() - 7 * 86_400_000),
    },
  );
  const wanted = report.recipient ? digits(report.recipient).slice(-9) : null;
  const ref = candidates.find((c) => !wanted || digits(c.recipient).endsWith(wanted));
  if (!ref) return false;
  await execute(
    cx,
    `UPDATE notification_provider_refs SET outcome = :outcome, status_code = :statusCode, reported_at = :now WHERE id = :id`,
    { id: ref.id, outcome: report.outcome, statusCode: report.statusCode, now: cx.now },
  );
  const message = await selectOne<{ status: string; channel: string; attempts: number }>(
    cx,
    `SELECT status, channel, attempts FROM notification_messages WHERE id = :id FOR UPDATE`,
    { id: ref.message_id },
  );
  if (!message || message.status !== 'sent') return true;
  const base = { messageId: ref.message_id, channel: message.channel, at: cx.now, attempt: message.attempts };
  if (report.outcome === 'failed') {
    const reason = `not delivered: ${report.detail}`;
    await execute(
      cx,
      `UPDATE notification_messages SET status = 'failed', failed_at = :now, last_error = :reason, updated_at = :now WHERE id = :id`,
      { id: ref.message_id, reason, now: cx.now },
    );
    await appendMessageEvent(cx, {
      ...base,
      status: 'failed',
      detail: reason,
      providerMessageId: report.reference,
    });
    return true;
  }
  const open = await selectOne<{ n: string }>(
    cx,
    `SELECT count(*) AS n FROM notification_provider_refs WHERE message_id = :id AND outcome <> 'delivered'`,
    { id: ref.message_id },
  );
  if (Number(open?.n ?? 0) > 0) return true;
  await execute(
    cx,
    `UPDATE notification_messages SET status = 'delivered', delivered_at = :now, updated_at = :now WHERE id = :id`,
    { id: ref.message_id, now: cx.now },
  );
  await appendMessageEvent(cx, {
    ...base,
    status: 'delivered',
    detail: report.detail,
    providerMessageId: report.reference,
  });
  return true;
}
