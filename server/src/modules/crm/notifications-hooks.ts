import type { CommandContext } from '../../platform/context.ts';
import type { DomainEvent } from '../../platform/events.ts';
import { badRequest } from '../../platform/errors.ts';
import { applyTrigger } from './automation/apply-trigger.ts';
import { dealForOrder, dealOfAppointment } from './automation/find-deals.ts';
import { select, type Executor } from './db.ts';
import { insertTask, resolveAssignee } from './commands/tasks.ts';
import { STAGE_TRIGGERS, type StageTrigger } from './rules/stage-automation.ts';
import { SEGMENTS } from './rules/segments.ts';

/**
 * What the CRM offers the notifications module's automation rules ("when <event> [and <condition>]
 * then <action>") and campaigns. The notifications module registers these in its action registry and
 * recipient-source registry; nothing here imports it, so either side can be built first.
 *
 *   action 'crm.create_task'  params { title, dueMinutes, assignee?: 'deal_owner' | 'customer_owner' | <userId> }
 *   action 'crm.move_deal'    params { trigger: one of STAGE_TRIGGERS }  — the pipeline's own rule decides the stage,
 *                              so a rule-driven move obeys the same "manual move wins" policy as the built-in ones.
 *   recipients 'crm.segment'  params { segment?: potential|real|regular|lost, vip?: boolean } → customers with consent data
 */
export type CrmActionHandler = (
  cx: CommandContext,
  params: Record<string, unknown>,
  event: DomainEvent,
) => Promise<void>;

async function dealOfEvent(cx: CommandContext, event: DomainEvent): Promise<string | null> {
  if (typeof event.dealId === 'string') return event.dealId;
  if (typeof event.appointmentId === 'string') {
    const byAppointment = await dealOfAppointment(cx, event.appointmentId);
    if (byAppointment) return byAppointment;
  }
  if (typeof event.orderId === 'string') return dealForOrder(cx, event.orderId);
  return null;
}

export const crmAutomationActions: Record<string, CrmActionHandler> = {
  'crm.create_task': async (cx, params, event) => {
    const title = typeof params.title === 'string' && params.title.trim() ? params.title.trim() : null;
    const dueMinutes = Number(params.dueMinutes ?? 60);
    if (!title || !Number.isFinite(dueMinutes) || dueMinutes < 0)
      throw badRequest('params: a task needs a title and dueMinutes');
    const dealId = await dealOfEvent(cx, event);
    const deal = dealId
      ? (
          await select<{ owner_id: string | null; customer_id: string | null; vehicle_id: string | null }>(
            cx,
            `SELECT owner_id, customer_id, vehicle_id FROM deals WHERE id = :dealId`,
            { dealId },
          )
        )[0]
      : undefined;
    const customerId = deal?.customer_id ?? (typeof event.customerId === 'string' ? event.customerId : null);
    const customerOwner = customerId
      ? (
          await select<{ owner_id: string | null }>(
            cx,
            `SELECT owner_id FROM customers WHERE id = :customerId`,
            { customerId },
          )
        )[0]?.owner_id
      : null;
    const preferred =
      params.assignee === 'customer_owner'
        ? [customerOwner]
        : typeof params.assignee === 'string' && params.assignee !== 'deal_owner'
          ? [params.assignee]
          : [deal?.owner_id, customerOwner];
    const assigneeId = await resolveAssignee(cx, preferred);
    if (!assigneeId || (!dealId && !customerId)) return;
    await insertTask(cx, {
      title,
      dealId,
      customerId,
      vehicleId: deal?.vehicle_id ?? null,
      assigneeId,
      dueAt: new Date(cx.now.getTime() + dueMinutes * 60_000),
      origin: 'automation',
      ruleCode: `notifications:${event.type}`,
    });
  },
  'crm.move_deal': async (cx, params, event) => {
    const trigger = params.trigger as StageTrigger;
    if (!(STAGE_TRIGGERS as readonly string[]).includes(trigger))
      throw badRequest('params.trigger: not a stage trigger');
    const dealId = await dealOfEvent(cx, event);
    if (dealId) await applyTrigger(cx, dealId, trigger);
  },
};

export interface CrmRecipient {
  customerId: string;
  name: string;
  phones: string[];
  email: string | null;
  consents: { smsMarketing: boolean; emailMarketing: boolean };
}

export interface RecipientSource {
  key: string;
  describe: string;
  list(ex: Executor, params: Record<string, unknown>): Promise<CrmRecipient[]>;
}

export const crmRecipientSources: RecipientSource[] = [
  {
    key: 'crm.segment',
    describe: 'Customers of a CRM segment (potential, real, regular, lost), optionally only VIPs',
    list: async (ex, params) => {
      const segment = typeof params.segment === 'string' ? params.segment : null;
      if (segment && !(SEGMENTS as readonly string[]).includes(segment))
        throw badRequest('params.segment: no such segment');
      const rows = await select<{
        id: string;
        name: string;
        email: string | null;
        phones: string[] | null;
        consent_sms_marketing: boolean;
        consent_email_marketing: boolean;
      }>(
        ex,
        `SELECT c.id, c.name, c.email, c.consent_sms_marketing, c.consent_email_marketing,
                (SELECT array_agg(p.e164 ORDER BY p.is_primary DESC) FROM customer_phones p WHERE p.customer_id = c.id) AS phones
           FROM customer_segments s JOIN customers c ON c.id = s.customer_id AND c.merged_into_id IS NULL
          WHERE (:segment::text IS NULL OR s.segment = :segment) AND (:vip::boolean IS NULL OR s.vip = :vip)
          ORDER BY c.name`,
        { segment, vip: typeof params.vip === 'boolean' ? params.vip : null },
      );
      return rows.map((r) => ({
        customerId: r.id,
        name: r.name,
        phones: r.phones ?? [],
        email: r.email,
        consents: { smsMarketing: r.consent_sms_marketing, emailMarketing: r.consent_email_marketing },
      }));
    },
  },
];
