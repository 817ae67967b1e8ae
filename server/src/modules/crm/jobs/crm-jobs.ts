import type { Clock } from '../../../platform/clock.ts';
import type { JobRunner } from '../../../platform/jobs.ts';
import type { Logger } from '../../../platform/logger.ts';
import { inTransaction, type TransactionDeps } from '../../../platform/transaction.ts';
import { escalateOverdue } from '../commands/escalate-overdue.ts';
import { followUpIdleDeals } from '../commands/idle-deals.ts';
import { recomputeSegments } from '../commands/segments.ts';
import { runServiceDue } from '../commands/service-due.ts';

const JOB_ACTOR = { type: 'system', id: null, name: 'CRM jobs' } as const;

/** Runs one job's work in a transaction, at `now` (tests pass their clock's time). */
function atTime(deps: TransactionDeps, now?: Date): TransactionDeps {
  if (!now) return deps;
  const fixed: Clock = { now: () => now };
  return { ...deps, clock: fixed };
}

export const runEscalation = (deps: TransactionDeps, now?: Date) =>
  inTransaction(atTime(deps, now), JOB_ACTOR, (cx) => escalateOverdue(cx));
export const runIdleFollowUps = (deps: TransactionDeps, now?: Date) =>
  inTransaction(atTime(deps, now), JOB_ACTOR, (cx) => followUpIdleDeals(cx));
export const runNightlySegments = (deps: TransactionDeps, now?: Date) =>
  inTransaction(atTime(deps, now), JOB_ACTOR, (cx) => recomputeSegments(cx));
export const runDailyServiceDue = (deps: TransactionDeps, now?: Date) =>
  inTransaction(atTime(deps, now), JOB_ACTOR, (cx) => runServiceDue(cx));

/** The CRM's scheduled work on pg-boss (cron in the station's time zone). */
export function defineCrmJobs(jobs: JobRunner, deps: TransactionDeps & { logger: Logger }): void {
  const log = (name: string) => (result: object) =>
    deps.logger.debug({ job: name, ...result }, 'CRM job done');
  jobs.define({
    name: 'crm-escalate-overdue',
    cron: '* * * * *',
    retryLimit: 1,
    handler: async () => log('escalate')(await runEscalation(deps)),
  });
  jobs.define({
    name: 'crm-idle-deals',
    cron: '17 * * * *',
    retryLimit: 1,
    handler: async () => log('idle')({ created: await runIdleFollowUps(deps) }),
  });
  jobs.define({
    name: 'crm-segments-nightly',
    cron: '30 2 * * *',
    handler: async () => log('segments')(await runNightlySegments(deps)),
  });
  jobs.define({
    name: 'crm-service-due-daily',
    cron: '0 7 * * *',
    handler: async () => log('service-due')(await runDailyServiceDue(deps)),
  });
}
