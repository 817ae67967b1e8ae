import type { MigrationContext } from '../../server/src/platform/db/migrator.ts';

const STAGES: Array<[code: string, name: string, kind: 'open' | 'won' | 'lost']> = [
  ['new_request', 'New request', 'open'],
  ['agreeing', 'Agreeing', 'open'],
  ['parts_ordered', 'Parts ordered', 'open'],
  ['awaiting_arrival', 'Awaiting arrival', 'open'],
  ['in_work', 'In work', 'open'],
  ['ready', 'Ready', 'open'],
  ['won', 'Won', 'won'],
  ['lost', 'Lost', 'lost'],
];

const STAGE_RULES: Array<{
  trigger: string;
  stage: string;
  backward?: boolean;
  task?: [title: string, minutes: number];
}> = [
  { trigger: 'appointment.booked', stage: 'awaiting_arrival' },
  { trigger: 'purchase_order.sent', stage: 'parts_ordered' },
  { trigger: 'order.in_work', stage: 'in_work' },
  { trigger: 'order.done', stage: 'ready' },
  { trigger: 'order.paid_handed_over', stage: 'won' },
  {
    trigger: 'appointment.cancelled',
    stage: 'agreeing',
    backward: true,
    task: ['The appointment was cancelled: agree a new time', 60],
  },
  {
    trigger: 'appointment.no_show',
    stage: 'agreeing',
    backward: true,
    task: ['The customer did not come: call and rebook', 30],
  },
];

const LOST_REASONS = [
  'Price too high',
  'Went to another service',
  'Repaired it themselves',
  'Could not reach the customer',
  'Car sold',
  'Other',
];

/**
 * The station's starting CRM configuration (every station, not only the demo): the default
 * car-service pipeline, its automatic moves, lost reasons, the automatic task rules and an oil
 * service interval. All of it is configuration the manager can change through the API.
 */
export async function up({ query }: MigrationContext): Promise<void> {
  await query(`INSERT INTO pipelines (id, name, is_default) VALUES (gen_random_uuid(), 'Car service', true)`);
  for (const [position, [code, name, kind]] of STAGES.entries()) {
    await query(
      `INSERT INTO pipeline_stages (id, pipeline_id, code, name, position, kind)
       SELECT gen_random_uuid(), id, :code, :name, :position, :kind FROM pipelines WHERE is_default`,
      { code, name, position, kind },
    );
  }
  for (const rule of STAGE_RULES) {
    await query(
      `INSERT INTO deal_stage_rules (id, pipeline_id, trigger, stage_code, allow_backward, task_title, task_due_minutes)
       SELECT gen_random_uuid(), id, :trigger, :stage, :backward, :taskTitle, :taskMinutes FROM pipelines WHERE is_default`,
      {
        trigger: rule.trigger,
        stage: rule.stage,
        backward: rule.backward ?? false,
        taskTitle: rule.task?.[0] ?? null,
        taskMinutes: rule.task?.[1] ?? null,
      },
    );
  }
  for (const [position, name] of LOST_REASONS.entries()) {
    await query(
      `INSERT INTO lost_reasons (id, name, position) VALUES (gen_random_uuid(), :name, :position)`,
      {
        name,
        position,
      },
    );
  }
  await query(`
    INSERT INTO crm_task_rules (id, trigger, title, due_minutes, idle_days) VALUES
      (gen_random_uuid(), 'lead.website', 'Call back the website request', 15, NULL),
      (gen_random_uuid(), 'call.missed', 'Call back the missed call', 15, NULL),
      (gen_random_uuid(), 'deal.idle', 'Follow up: the deal has not moved', 60, 3)`);
  await query(`
    INSERT INTO service_intervals (id, name, job_kind, months, km)
    VALUES (gen_random_uuid(), 'Oil service', 'service', 12, 10000)`);
}
