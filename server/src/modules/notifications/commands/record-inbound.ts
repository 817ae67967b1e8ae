import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { CommandContext } from '../../../platform/context.ts';
import { newId } from '../../../platform/ids.ts';
import { execute } from '../db.ts';
import { customerByPhone } from '../queries/customer-facts.ts';
import { isOptOutReply } from '../rules/consent.ts';
import { optOut } from './opt-out.ts';

export interface InboundInput {
  source: 'modem' | 'gateway';
  from: string;
  text: string;
  receivedAt: Date;
  phoneRegion: string;
}

function toE164(from: string, region: string): string {
  const parsed = parsePhoneNumberFromString(from, region as CountryCode);
  return parsed?.isValid() ? parsed.number : from;
}

/** A reply from a customer's phone; "STOP"/"СТОП" opts them out of SMS. */
export async function recordInbound(
  cx: CommandContext,
  input: InboundInput,
): Promise<{ id: string; customerId: string | null; action: 'opt_out' | 'none' | 'unknown_sender' }> {
  const sender = toE164(input.from, input.phoneRegion);
  const customerId = await customerByPhone(cx, sender);
  const action = !customerId ? 'unknown_sender' : isOptOutReply(input.text) ? 'opt_out' : 'none';
  const id = newId();
  await execute(
    cx,
    `INSERT INTO notification_inbound (id, channel, source, sender, body, received_at, customer_id, action, created_at)
     VALUES (:id, 'sms', :source, :sender, :body, :receivedAt, :customerId, :action, :now)`,
    {
      id,
      source: input.source,
      sender,
      body: input.text,
      receivedAt: input.receivedAt,
      customerId,
      action,
      now: cx.now,
    },
  );
  if (action === 'opt_out' && customerId)
    await optOut(cx, {
      customerId,
      channel: 'sms',
      purpose: null,
      source: 'reply',
      inboundId: id,
      note: input.text,
    });
  cx.emit({ type: 'notifications.inbound', inboundId: id, customerId, action });
  return { id, customerId, action };
}
