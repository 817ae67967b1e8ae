import { newId } from '../../../platform/ids.ts';
import { execute, type Executor } from '../db.ts';

export type MessageEventStatus =
  | 'queued'
  | 'deferred'
  | 'waiting'
  | 'sending'
  | 'sent'
  | 'retry'
  | 'delivered'
  | 'failed'
  | 'requeued'
  | 'cancelled';

/** Appends one line to a message's delivery log (the table refuses updates and deletes). */
export async function appendMessageEvent(
  ex: Executor,
  event: {
    messageId: string;
    channel: string;
    at: Date;
    status: MessageEventStatus;
    attempt?: number;
    detail?: string | null;
    providerMessageId?: string | null;
    actorName?: string | null;
  },
): Promise<void> {
  await execute(
    ex,
    `INSERT INTO notification_message_events (id, message_id, channel, at, status, attempt, detail, provider_message_id, actor_name)
     VALUES (:id, :messageId, :channel, :at, :status, :attempt, :detail, :providerMessageId, :actorName)`,
    {
      id: newId(),
      messageId: event.messageId,
      channel: event.channel,
      at: event.at,
      status: event.status,
      attempt: event.attempt ?? 0,
      detail: event.detail ?? null,
      providerMessageId: event.providerMessageId ?? null,
      actorName: event.actorName ?? null,
    },
  );
}
