import Router from '@koa/router';
import type { AppDeps } from '../../deps.ts';
import type { JobRunner } from '../../platform/jobs.ts';
import { crmAutomationActions, crmRecipientSources, registerServiceDueInviter } from '../crm/index.ts';
import { registerCustomerMergeStep } from '../workshop/index.ts';
import { invoiceRenderer } from './attachments/invoice.ts';
import { registerAttachmentRenderer } from './attachments/registry.ts';
import { registerAutomationAction } from './automation/actions.ts';
import { applyRules, automationBeforeCommit } from './automation/engine.ts';
import { RulesCache } from './automation/rules-cache.ts';
import { sendMessageAction } from './automation/send-message-action.ts';
import { customerFilterSource, registerRecipientSource } from './campaigns/recipient-sources.ts';
import type { QueueOutcome } from './commands/queue-message.ts';
import { execute, poolOf } from './db.ts';
import { campaignRoutes } from './routes/campaigns.routes.ts';
import { customerMessageRoutes } from './routes/customers.routes.ts';
import { outboxRoutes } from './routes/outbox.routes.ts';
import { ruleRoutes } from './routes/rules.routes.ts';
import { settingsRoutes } from './routes/settings.routes.ts';
import { templateRoutes } from './routes/templates.routes.ts';
import { webhookRoutes } from './routes/webhook.routes.ts';
import { bindService } from './runtime.ts';
import { NotificationService } from './service.ts';

/**
 * Customer messages: the outbox and its sender, templates, channels (GSM modem, HTTP gateway, SMTP,
 * simulated), consent and opt-out, automation rules and campaigns. See README.md beside this file.
 *
 * For other modules, in their own transaction:
 *   queueMessage(cx, { kind, channel, customerId, values, station, subject?, notBefore?, attachments? })
 *     → { outcome: 'queued', messageId } | { outcome: 'duplicate' } | { outcome: 'suppressed', reason }
 *   optOut(cx, { customerId, channel, purpose | null, source: 'advisor' | 'reply', note? })
 *   registerAutomationAction({ type, describe, handler(cx, params, event, rule), check? })
 *   registerRecipientSource({ key, describe, list(ex, params) })
 *   registerAttachmentRenderer(type, (request) => Promise<{ filename, contentType, content }>)
 * Events (after commit): notifications.queued { messageId, channel, customerId, kind },
 *   notifications.opted_out { customerId, channel, purpose }, notifications.inbound { inboundId, customerId, action },
 *   notifications.rules_changed, notifications.settings_changed; the rules' own triggers
 *   notifications.appointment_tomorrow and notifications.birthday.
 */
export {
  queueMessage,
  type QueueMessageInput,
  type QueueOutcome,
  type StationFormat,
} from './commands/queue-message.ts';
export { optOut } from './commands/opt-out.ts';
export { registerAutomationAction, type AutomationAction } from './automation/actions.ts';
export {
  registerRecipientSource,
  type Recipient,
  type RecipientSource,
} from './campaigns/recipient-sources.ts';
export { registerAttachmentRenderer, type AttachmentRenderer } from './attachments/registry.ts';
export {
  ChannelError,
  type Channel,
  type ChannelStatus,
  type OutgoingMessage,
  type SendResult,
} from './delivery/channel.ts';
export { NotificationService } from './service.ts';
export type { SendReport } from './delivery/sender.ts';
export { serviceOf as notificationService } from './runtime.ts';

export function notificationsRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/notifications' });
  for (const sub of [
    settingsRoutes(deps),
    templateRoutes(deps),
    ruleRoutes(deps),
    outboxRoutes(deps),
    campaignRoutes(deps),
    customerMessageRoutes(deps),
    webhookRoutes(deps),
  ]) {
    router.use(sub.routes(), sub.allowedMethods());
  }
  return router;
}

let processWideRegistered = false;

/** Registries are per process (one station per process): the CRM's actions and sources, merge steps. */
function registerProcessWide(): void {
  if (processWideRegistered) return;
  processWideRegistered = true;
  for (const [type, handler] of Object.entries(crmAutomationActions))
    registerAutomationAction({
      type,
      describe: `CRM: ${type.replace('crm.', '').replace('_', ' ')}`,
      handler,
    });
  registerRecipientSource(customerFilterSource);
  for (const source of crmRecipientSources) registerRecipientSource(source);
  registerCustomerMergeStep({
    name: 'notifications profile',
    handles: [{ table: 'notification_customer_profiles', column: 'customer_id' }],
    // The target keeps its own language and birthday; it takes the source's only when it has none.
    run: async (cx, { sourceId, targetId }) => {
      await execute(
        cx,
        `INSERT INTO notification_customer_profiles (customer_id, locale, birth_date, updated_at)
         SELECT :targetId, locale, birth_date, :now FROM notification_customer_profiles WHERE customer_id = :sourceId
         ON CONFLICT (customer_id) DO NOTHING`,
        { sourceId, targetId, now: cx.now },
      );
      await execute(cx, `DELETE FROM notification_customer_profiles WHERE customer_id = :sourceId`, {
        sourceId,
      });
      return 1;
    },
  });
  registerCustomerMergeStep({
    name: 'notifications history',
    // Append-only: what was refused and who opted out stays with the record it happened to; the
    // target's delivery log shows its merged-away records' lines too.
    handles: [
      { table: 'notification_suppressions', column: 'customer_id' },
      { table: 'notification_opt_outs', column: 'customer_id' },
    ],
    run: async () => 0,
  });
  registerCustomerMergeStep({
    name: 'notifications campaigns',
    handles: [{ table: 'notification_campaign_recipients', column: 'customer_id' }],
    run: async (cx, { sourceId, targetId }) => {
      await execute(
        cx,
        `UPDATE notification_campaign_recipients r SET customer_id = :targetId WHERE customer_id = :sourceId
           AND NOT EXISTS (SELECT 1 FROM notification_campaign_recipients t WHERE t.campaign_id = r.campaign_id AND t.customer_id = :targetId)`,
        { sourceId, targetId },
      );
      return 1;
    },
  });
}

/**
 * Wires notifications into a station: the automation rules run before every commit, the CRM's
 * service-due invitations go through the rules, the invoice renderer, and — with a job runner — the
 * sender every minute (and right after a message is queued), the day-before reminders and the
 * birthday greetings at 10:00 station time. Returns the service; stop it with close().
 */
export function registerNotifications(deps: AppDeps, jobs: JobRunner | null): NotificationService {
  registerProcessWide();
  const service = new NotificationService(deps);
  bindService(deps, service);
  const station = service.station();
  const logger = deps.logger.child({ module: 'notifications' });
  registerAutomationAction(sendMessageAction(station));
  registerAttachmentRenderer('invoice', invoiceRenderer(deps));
  const rules = new RulesCache();
  deps.bus.beforeCommit(automationBeforeCommit(rules, logger));
  deps.bus.subscribe((event) => {
    if (event.type === 'notifications.rules_changed') rules.invalidate();
  });
  registerServiceDueInviter(async (cx, item) => {
    const event = {
      type: 'crm.service_due.invitation',
      customerId: item.customerId,
      vehicleId: item.vehicleId,
      serviceName: item.interval.name,
      dueOn: item.dueAt.slice(0, 10),
      dueKm: item.dueKm,
      subjectType: 'service_due',
      subjectId: `${item.vehicleId}:${item.interval.id}:${item.dueAt.slice(0, 10)}`,
    };
    const runs = await applyRules(cx, event, await rules.enabled(poolOf(cx.sequelize)), logger);
    return runs.some(
      (run) =>
        Array.isArray(run.result) && (run.result as QueueOutcome[]).some((o) => o.outcome !== 'suppressed'),
    );
  });
  if (jobs) {
    jobs.define({
      name: 'notifications-send',
      cron: '* * * * *',
      retryLimit: 0,
      handler: async () => {
        const report = await service.sendDue();
        if (Object.values(report).some((n) => n > 0)) logger.info(report, 'notifications sent');
      },
    });
    jobs.define({
      name: 'notifications-reminders',
      cron: '0 10 * * *',
      handler: async () =>
        logger.info({ appointments: await service.remindTomorrow() }, 'day-before reminders'),
    });
    jobs.define({
      name: 'notifications-birthdays',
      cron: '5 10 * * *',
      handler: async () => logger.info({ customers: await service.greetBirthdays() }, 'birthday greetings'),
    });
    service.enableAutoSend();
    // This process is the station's only sender: what the last one left "sending" goes again.
    void service
      .recoverAtStart()
      .catch((err: unknown) => logger.error({ err }, 'recovering interrupted sends failed'));
  }
  return service;
}
