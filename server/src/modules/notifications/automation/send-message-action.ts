import { z } from 'zod';
import type { CommandContext } from '../../../platform/context.ts';
import type { DomainEvent } from '../../../platform/events.ts';
import { queueMessage, type QueueOutcome, type StationFormat } from '../commands/queue-message.ts';
import { eventContext } from '../queries/message-context.ts';
import { loadSettings } from '../queries/settings.ts';
import { CHANNELS, MESSAGE_KIND_NAMES, type MessageKind } from '../rules/message-kinds.ts';
import type { AutomationAction, RuleRef } from './actions.ts';

export const sendMessageParams = z.strictObject({
  kind: z.enum(MESSAGE_KIND_NAMES as [MessageKind, ...MessageKind[]]),
  channels: z.array(z.enum(CHANNELS)).min(1, 'give at least one channel'),
  /** all: every listed channel; first: the first channel the customer can be reached on. */
  mode: z.enum(['all', 'first']).default('all'),
  attach: z.array(z.enum(['invoice'])).default([]),
  delayMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 60)
    .default(0),
});

export type SendMessageParams = z.infer<typeof sendMessageParams>;

/** Queues the rule's message about the event on its channels; answers what happened on each. */
export async function sendForEvent(
  cx: CommandContext,
  params: SendMessageParams,
  event: DomainEvent,
  rule: RuleRef | null,
  station: StationFormat,
): Promise<QueueOutcome[]> {
  const settings = await loadSettings(cx);
  const context = await eventContext(cx, event, { linkBaseUrl: settings.linkBaseUrl });
  if (!context.customerId) return [];
  const delay = params.delayMinutes ? new Date(cx.now.getTime() + params.delayMinutes * 60_000) : null;
  const notBefore =
    [context.notBefore, delay]
      .filter((d): d is Date => d !== null)
      .sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
  const outcomes: QueueOutcome[] = [];
  for (const channel of params.channels) {
    const outcome = await queueMessage(cx, {
      kind: params.kind,
      channel,
      customerId: context.customerId,
      values: context.values,
      station,
      subject: context.subject,
      ruleId: rule?.id ?? null,
      notBefore,
      attachments:
        channel === 'email' && context.orderId
          ? params.attach.map((type) => ({ type, orderId: context.orderId! }))
          : [],
    });
    outcomes.push(outcome);
    if (params.mode === 'first' && outcome.outcome !== 'suppressed') break;
  }
  return outcomes;
}

export function sendMessageAction(station: StationFormat): AutomationAction {
  return {
    type: 'send_message',
    describe: 'Send a message to the customer the event is about',
    check: (params) => {
      const result = sendMessageParams.safeParse(params);
      if (result.success) return null;
      const issue = result.error.issues[0]!;
      return `${issue.path.join('.') || 'actionParams'}: ${issue.message}`;
    },
    handler: (cx, params, event, rule) =>
      sendForEvent(cx, sendMessageParams.parse(params), event, rule, station),
  };
}
