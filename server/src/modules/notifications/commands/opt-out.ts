import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { newId } from '../../../platform/ids.ts';
import { setConsents } from '../../workshop/commands/update-customer.ts';
import { execute } from '../db.ts';
import type { ChannelKind, Purpose } from '../rules/message-kinds.ts';

export interface OptOutInput {
  customerId: string;
  channel: ChannelKind;
  /** null: every message on the channel (what a "STOP" reply means). */
  purpose: Purpose | null;
  source: 'reply' | 'advisor';
  inboundId?: string | null;
  note?: string | null;
}

/**
 * Records an opt-out and withdraws the consent through the workshop's own command (the customer
 * record is the workshop's). Queued messages it covers are cancelled by the sender before they go.
 */
export async function optOut(cx: CommandContext, input: OptOutInput): Promise<void> {
  const service = input.purpose === null || input.purpose === 'service';
  const marketing = input.purpose === null || input.purpose === 'marketing';
  await setConsents(
    cx,
    input.customerId,
    input.channel === 'sms'
      ? { ...(service ? { smsService: false } : {}), ...(marketing ? { smsMarketing: false } : {}) }
      : { ...(service ? { emailService: false } : {}), ...(marketing ? { emailMarketing: false } : {}) },
  );
  const id = newId();
  await execute(
    cx,
    `INSERT INTO notification_opt_outs (id, customer_id, channel, purpose, source, inbound_id, note, actor_name, at)
     VALUES (:id, :customerId, :channel, :purpose, :source, :inboundId, :note, :actorName, :now)`,
    {
      id,
      customerId: input.customerId,
      channel: input.channel,
      purpose: input.purpose,
      source: input.source,
      inboundId: input.inboundId ?? null,
      note: input.note ?? null,
      actorName: cx.actor.name,
      now: cx.now,
    },
  );
  await recordAudit(cx, {
    action: 'notification.opt_out',
    entityType: 'customer',
    entityId: input.customerId,
    after: {
      channel: input.channel,
      purpose: input.purpose ?? 'all',
      source: input.source,
      note: input.note ?? null,
    },
  });
  cx.emit({
    type: 'notifications.opted_out',
    customerId: input.customerId,
    channel: input.channel,
    purpose: input.purpose,
  });
}
