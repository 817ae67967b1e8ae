import Router from '@koa/router';
import type { AppDeps } from '../../deps.ts';
import type { JobRunner } from '../../platform/jobs.ts';
import { registerCustomerMergeStep } from '../workshop/merge/registry.ts';
import { crmBeforeCommit } from './automation/on-domain-events.ts';
import { mergeLoyalty } from './commands/loyalty.ts';
import { execute } from './db.ts';
import { defineCrmJobs } from './jobs/crm-jobs.ts';
import { callRoutes } from './routes/calls.routes.ts';
import { configRoutes } from './routes/config.routes.ts';
import { customerRoutes } from './routes/customers.routes.ts';
import { dealRoutes } from './routes/deals.routes.ts';
import { importRoutes } from './routes/imports.routes.ts';
import { leadRoutes } from './routes/leads.routes.ts';
import { marketingRoutes } from './routes/marketing.routes.ts';
import { pbxRoutes } from './routes/pbx.routes.ts';
import { publicRoutes } from './routes/public.routes.ts';
import { taskRoutes } from './routes/tasks.routes.ts';

/**
 * Commands other modules (notifications, seeds, tests) call inside their own transaction, `(cx, input)`.
 * Events published after commit (all `crm.*`):
 *   crm.deal.created { dealId, number, ownerId, customerId, stageId }
 *   crm.deal.stage_changed { dealId, number, ownerId, customerId, fromStageId, toStageId, toStageCode, status, cause, trigger, at }
 *   crm.deal.updated / crm.deal.deleted { dealId, ownerId }
 *   crm.lead.received { leadId, source, taskId } · crm.lead.converted { leadId, dealId } · crm.lead.dismissed { leadId }
 *   crm.task.created { taskId, userId, dealId, dueAt } · crm.task.updated / crm.task.completed { taskId, userId }
 *   crm.task.reminder / crm.task.overdue { taskId, userId, title } · crm.task.escalated { taskId, userId (supervisor), assigneeId, title }
 *   crm.call.recorded { callId, customerId, missed }
 *   crm.survey.requested { surveyId, orderId, orderNumber, customerId, dueAt, linkPath } (linkPath is secret: in-process only)
 *   crm.survey.answered { surveyId, customerId, score } · crm.complaint.created { complaintId, customerId }
 *   crm.loyalty.points_earned { customerId, orderId, points, cardNumber, balance }
 *   crm.service_due { vehicleId, customerId, intervalId, dueOn, dueKm } · crm.segments.recomputed { customers, changed }
 *   crm.handed_over { fromUserId, toUserId }
 */
export { createDeal, updateDeal, moveDeal, reopenDeal, linkToDeal, deleteDeal } from './commands/deals.ts';
export { applyTrigger } from './automation/apply-trigger.ts';
export {
  createLead,
  convertLead,
  dismissLead,
  receiveWebsiteLead,
  createLeadForm,
} from './commands/leads.ts';
export {
  createTask,
  insertTask,
  createRuleTask,
  completeTask,
  updateTask,
  resolveAssignee,
} from './commands/tasks.ts';
export { recordCall, recordPbxCall, createPbxEndpoint, setPbxExtension } from './commands/calls.ts';
export { createChannel, createCampaign, recordSpend, setTrackingNumber } from './commands/marketing.ts';
export { recomputeSegments } from './commands/segments.ts';
export { createSurveyForOrder, answerSurvey, insertComplaint, resolveComplaint } from './commands/surveys.ts';
export {
  createInterval,
  runServiceDue,
  registerServiceDueInviter,
  type ServiceDueInviter,
} from './commands/service-due.ts';
export {
  ensureCard,
  earnForOrder,
  redeemPoints,
  adjustPoints,
  pointsBalance,
  registerLoyaltyDiscountHandler,
  type OrderDiscountHandler,
} from './commands/loyalty.ts';
export { escalateOverdue } from './commands/escalate-overdue.ts';
export { followUpIdleDeals } from './commands/idle-deals.ts';
export { handOver } from './commands/hand-over.ts';
export { setSupervisor, updateCrmSettings, setStageRule } from './commands/configure.ts';
export { runEscalation, runIdleFollowUps, runNightlySegments, runDailyServiceDue } from './jobs/crm-jobs.ts';
export { computeServiceDue, type ServiceDueItem } from './queries/service-due.ts';
export { crmAutomationActions, crmRecipientSources } from './notifications-hooks.ts';
export { AmiCallTracker, AmiStreamParser, parseAmiTranscript } from './pbx/ami-parser.ts';

export function crmRoutes(deps: AppDeps): Router {
  const router = new Router();
  const crm = new Router({ prefix: '/crm' });
  for (const sub of [
    dealRoutes(deps),
    configRoutes(deps),
    leadRoutes(deps),
    taskRoutes(deps),
    callRoutes(deps),
    marketingRoutes(deps),
    customerRoutes(deps),
    importRoutes(deps),
  ]) {
    crm.use(sub.routes(), sub.allowedMethods());
  }
  router.use(crm.routes(), crm.allowedMethods());
  for (const sub of [publicRoutes(deps), pbxRoutes(deps)]) router.use(sub.routes(), sub.allowedMethods());
  return router;
}

let mergeStepsRegistered = false;

function registerMergeSteps(): void {
  if (mergeStepsRegistered) return;
  mergeStepsRegistered = true;
  registerCustomerMergeStep({
    name: 'crm loyalty',
    handles: [
      { table: 'loyalty_cards', column: 'customer_id' },
      { table: 'loyalty_ledger', column: 'customer_id' },
    ],
    run: (cx, ids) => mergeLoyalty(cx, ids),
  });
  registerCustomerMergeStep({
    name: 'crm segments',
    handles: [
      { table: 'customer_segments', column: 'customer_id' },
      // The change log is history of each record as it was; it stays with the merged-away customer.
      { table: 'customer_segment_changes', column: 'customer_id' },
    ],
    // The target is recomputed by the CRM's handler of customer.merged, once the orders have moved.
    run: async (cx, ids) => {
      await execute(cx, `DELETE FROM customer_segments WHERE customer_id = :sourceId`, ids);
      return 1;
    },
  });
}

/**
 * Wires the CRM into the station: the before-commit automation (deals moved by domain events, tasks,
 * surveys, points, segments), the customer-merge steps, and the scheduled jobs (when a runner is given).
 */
export function registerCrm(deps: AppDeps, jobs: JobRunner | null): void {
  registerMergeSteps();
  deps.bus.beforeCommit(crmBeforeCommit(deps.logger));
  if (jobs) defineCrmJobs(jobs, deps);
}
