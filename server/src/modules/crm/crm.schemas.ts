import { z } from 'zod';
import { normalizePhone } from '../workshop/rules/phone.ts';
import { STAGE_TRIGGERS } from './rules/stage-automation.ts';
import { IMPORT_FIELDS } from './rules/import-rows.ts';
import { loyaltyRulesSchema, segmentRulesSchema } from './queries/settings.ts';

export const uuid = z.uuid('must be an id');
export const idParam = z.object({ id: uuid });
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const minor = z.number().int().min(0).max(1e13);
const instant = z.coerce.date({ message: 'must be a date-time' });
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const listInt = (max: number, def: number) => z.coerce.number().int().min(1).max(max).default(def);

export function phoneSchema(region: string) {
  return z.string().transform((v, ctx) => {
    const result = normalizePhone(v, region);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.problem });
      return z.NEVER;
    }
    return result.e164;
  });
}

// Deals
export const createDealBody = z.strictObject({
  title: text(200),
  pipelineId: uuid.optional(),
  stageId: uuid.optional(),
  customerId: uuid.nullable().optional(),
  vehicleId: uuid.nullable().optional(),
  ownerId: uuid.nullable().optional(),
  channelId: uuid.nullable().optional(),
  campaignId: uuid.nullable().optional(),
  expectedMinor: minor.optional(),
  jobKind: optionalText(40),
});
export const updateDealBody = z.strictObject({
  title: text(200).optional(),
  customerId: uuid.nullable().optional(),
  vehicleId: uuid.nullable().optional(),
  ownerId: uuid.nullable().optional(),
  channelId: uuid.nullable().optional(),
  campaignId: uuid.nullable().optional(),
  expectedMinor: minor.optional(),
  jobKind: optionalText(40),
});
export const moveDealBody = z.strictObject({
  stageId: uuid,
  lostReasonId: uuid.optional(),
  lostNote: optionalText(1000),
  note: optionalText(1000),
});
export const reopenDealBody = z.strictObject({ stageId: uuid.optional(), note: optionalText(1000) });
export const linkBody = z
  .strictObject({ orderId: uuid.optional(), appointmentId: uuid.optional() })
  .refine((b) => (b.orderId ? 1 : 0) + (b.appointmentId ? 1 : 0) === 1, {
    message: 'give either orderId or appointmentId',
    path: ['orderId'],
  });
export const deleteBody = z.strictObject({ reason: text(500) });

const dealFilters = {
  pipelineId: uuid.optional(),
  ownerId: uuid.optional(),
  channelId: uuid.optional(),
  campaignId: uuid.optional(),
  make: z.string().trim().min(1).max(60).optional(),
  minAgeDays: z.coerce.number().min(0).max(3650).optional(),
  maxAgeDays: z.coerce.number().min(0).max(3650).optional(),
  q: z.string().trim().min(1).max(100).optional(),
};
export const kanbanQuery = z.strictObject({
  ...dealFilters,
  perStage: listInt(200, 30),
  closedDays: z.coerce.number().int().min(0).max(3650).default(30),
});
export const listDealsQuery = z.strictObject({
  ...dealFilters,
  stageId: uuid.optional(),
  status: z.enum(['open', 'won', 'lost']).optional(),
  sort: z.enum(['created', 'stage_age', 'amount']).default('created'),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: listInt(200, 50),
});

// Pipelines and configuration
const stageCode = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower-case letters, digits and _');
export const createPipelineBody = z.strictObject({
  name: text(100),
  isDefault: z.boolean().optional(),
  stages: z
    .array(
      z.strictObject({
        code: stageCode,
        name: text(100),
        kind: z.enum(['open', 'won', 'lost']).default('open'),
      }),
    )
    .min(2)
    .max(30)
    .refine((s) => new Set(s.map((x) => x.code)).size === s.length, 'stage codes must differ')
    .refine(
      (s) => s.some((x) => x.kind === 'won') && s.some((x) => x.kind === 'lost'),
      'needs a won and a lost stage',
    ),
});
export const addStageBody = z.strictObject({
  code: stageCode,
  name: text(100),
  kind: z.enum(['open', 'won', 'lost']).default('open'),
  position: z.number().int().min(0).max(100).optional(),
});
export const updateStageBody = z.strictObject({
  name: text(100).optional(),
  position: z.number().int().min(0).max(100).optional(),
  active: z.boolean().optional(),
});
export const stageRuleBody = z.strictObject({
  trigger: z.enum(STAGE_TRIGGERS),
  stageCode,
  allowBackward: z.boolean().default(false),
  task: z
    .strictObject({ title: text(200), dueMinutes: z.number().int().min(0).max(100_000) })
    .nullable()
    .optional(),
  active: z.boolean().default(true),
});
export const lostReasonBody = z.strictObject({
  name: text(100),
  position: z.number().int().min(0).optional(),
});
export const updateLostReasonBody = z.strictObject({
  name: text(100).optional(),
  active: z.boolean().optional(),
});
export const taskRuleBody = z.strictObject({
  title: text(200).optional(),
  dueMinutes: z.number().int().min(0).max(100_000).optional(),
  idleDays: z.number().int().min(1).max(365).optional(),
  active: z.boolean().optional(),
});
export const taskRuleParam = z.object({
  trigger: z.enum(['lead.website', 'lead.phone', 'lead.walk_in', 'call.missed', 'deal.idle']),
});
export const settingsBody = z.strictObject({
  escalationDelaySeconds: z
    .number()
    .int()
    .min(0)
    .max(30 * 86400)
    .optional(),
  defaultSupervisorId: uuid.nullable().optional(),
  leadAssigneeId: uuid.nullable().optional(),
  leadRateLimitPerMinute: z.number().int().min(1).max(10_000).optional(),
  surveyDelaySeconds: z
    .number()
    .int()
    .min(0)
    .max(60 * 86400)
    .optional(),
  surveyLinkDays: z.number().int().min(1).max(365).optional(),
  serviceDueAction: z.enum(['task', 'invitation']).optional(),
  serviceDueHorizonDays: z.number().int().min(0).max(365).optional(),
  segmentRules: segmentRulesSchema.optional(),
  loyaltyRules: loyaltyRulesSchema.optional(),
});
export const supervisorBody = z.strictObject({ supervisorId: uuid.nullable() });
export const userParam = z.object({ userId: uuid });
export const handOverBody = z.strictObject({
  fromUserId: uuid,
  toUserId: uuid,
  reason: text(500),
  includeTasks: z.boolean().default(true),
});

// Leads
export function leadSchemas(region: string) {
  const phone = phoneSchema(region);
  return {
    createLead: z.strictObject({
      source: z.enum(['phone', 'walk_in', 'website', 'other']),
      name: optionalText(200),
      phone: phone.nullable().optional(),
      email: z.email('must be an e-mail address').max(200).nullable().optional(),
      message: optionalText(4000),
      vehicleMake: optionalText(60),
      vehicleModel: optionalText(60),
      plate: optionalText(20),
      channelId: uuid.nullable().optional(),
      campaignId: uuid.nullable().optional(),
    }),
  };
}
export const listLeadsQuery = z.strictObject({
  status: z.enum(['new', 'converted', 'dismissed']).optional(),
  source: z.enum(['website', 'phone', 'walk_in', 'missed_call', 'other']).optional(),
  includeDeleted: z.enum(['true', 'false']).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: listInt(200, 50),
});
export const convertLeadBody = z.strictObject({
  customerId: uuid.optional(),
  vehicleId: uuid.optional(),
  createCustomer: z.boolean().default(true),
  title: text(200).optional(),
  ownerId: uuid.nullable().optional(),
  expectedMinor: minor.optional(),
  jobKind: optionalText(40),
  force: z.boolean().default(false),
});
export const dismissBody = z.strictObject({ reason: text(500) });
export const leadFormBody = z.strictObject({
  name: text(100),
  allowedOrigins: z.array(z.url().max(200)).max(10).default([]),
  channelId: uuid.nullable().optional(),
  campaignId: uuid.nullable().optional(),
});

// Tasks
export const createTaskBody = z.strictObject({
  title: text(200),
  notes: optionalText(4000),
  dealId: uuid.nullable().optional(),
  customerId: uuid.nullable().optional(),
  vehicleId: uuid.nullable().optional(),
  leadId: uuid.nullable().optional(),
  assigneeId: uuid.optional(),
  dueAt: instant,
  remindAt: instant.nullable().optional(),
});
export const updateTaskBody = z.strictObject({
  title: text(200).optional(),
  notes: optionalText(4000),
  assigneeId: uuid.optional(),
  dueAt: instant.optional(),
  remindAt: instant.nullable().optional(),
});
export const completeTaskBody = z.strictObject({
  outcome: text(2000),
  status: z.enum(['done', 'cancelled']).default('done'),
});
export const listTasksQuery = z.strictObject({
  assigneeId: uuid.optional(),
  dealId: uuid.optional(),
  customerId: uuid.optional(),
  status: z.enum(['open', 'done', 'cancelled']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: listInt(200, 50),
});
export const agendaQuery = z.strictObject({ userId: uuid.optional(), date: day.optional() });

// Calls
export function callSchemas(region: string) {
  const phone = phoneSchema(region);
  const common = {
    phone: phone.nullable().optional(),
    customerId: uuid.nullable().optional(),
    dealId: uuid.nullable().optional(),
    channelId: uuid.nullable().optional(),
    campaignId: uuid.nullable().optional(),
    targetGroup: optionalText(100),
    status: z.enum(['customer', 'potential', 'directed']).nullable().optional(),
    managerId: uuid.nullable().optional(),
    outcome: optionalText(1000),
    complaint: z.boolean().optional(),
    note: optionalText(2000),
  };
  return {
    createCall: z.strictObject({
      ...common,
      kind: z.enum(['call', 'walk_in']).default('call'),
      direction: z.enum(['in', 'out']).nullable().optional(),
      startedAt: instant.optional(),
      durationSeconds: z.number().int().min(0).max(86_400).optional(),
      missed: z.boolean().optional(),
      purpose: optionalText(500),
      recordingRef: optionalText(500),
      createDeal: z.boolean().optional(),
    }),
    updateCall: z.strictObject({ ...common, purpose: optionalText(500), recordingRef: optionalText(500) }),
  };
}
export const listCallsQuery = z.strictObject({
  kind: z.enum(['call', 'walk_in']).optional(),
  direction: z.enum(['in', 'out']).optional(),
  missed: z.enum(['true', 'false']).optional(),
  channelId: uuid.optional(),
  managerId: uuid.optional(),
  customerId: uuid.optional(),
  from: instant.optional(),
  to: instant.optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: listInt(200, 50),
});
export const pbxEndpointBody = z.strictObject({
  name: text(100),
  kind: z.enum(['webhook', 'asterisk']).default('webhook'),
});
export const pbxExtensionBody = z.strictObject({
  extension: z.string().regex(/^[0-9*#]{1,16}$/),
  userId: uuid,
});

/** The PBX webhook's JSON (documented in crm/README.md). */
export const pbxCallBody = z.strictObject({
  callId: z.string().trim().min(1).max(200),
  direction: z.enum(['in', 'out']),
  from: z.string().trim().max(40).default(''),
  to: z.string().trim().max(40).default(''),
  extension: z.string().trim().max(16).nullable().optional(),
  startedAt: instant,
  answeredAt: instant.nullable().optional(),
  endedAt: instant.nullable().optional(),
  durationSeconds: z.number().int().min(0).max(86_400).optional(),
  status: z.enum(['answered', 'missed', 'busy', 'failed']),
  recording: z.string().trim().max(500).nullable().optional(),
});
export const amiEventsBody = z.strictObject({
  transcript: z.string().max(1_000_000),
  receivedAt: instant.optional(),
});

// Marketing
export const channelBody = z.strictObject({
  name: text(100),
  kind: z.enum(['online', 'offline', 'referral', 'other']).default('other'),
});
export const updateChannelBody = z.strictObject({
  name: text(100).optional(),
  kind: z.enum(['online', 'offline', 'referral', 'other']).optional(),
  active: z.boolean().optional(),
});
export const campaignBody = z.strictObject({
  channelId: uuid,
  name: text(100),
  startsOn: day.nullable().optional(),
  endsOn: day.nullable().optional(),
});
export const spendBody = z.strictObject({
  channelId: uuid,
  campaignId: uuid.nullable().optional(),
  periodStart: day,
  periodEnd: day,
  amountMinor: z.number().int().min(-1e13).max(1e13),
  note: optionalText(500),
});
export function trackingNumberSchema(region: string) {
  return z.strictObject({
    number: phoneSchema(region),
    channelId: uuid,
    campaignId: uuid.nullable().optional(),
    label: optionalText(100),
  });
}
export const periodQuery = z.strictObject({
  from: day.optional(),
  to: day.optional(),
  groupBy: z.enum(['channel', 'campaign', 'make', 'job_kind']).default('channel'),
});

// Segments, satisfaction, service, loyalty
export const segmentsQuery = z.strictObject({
  segment: z.enum(['potential', 'real', 'regular', 'lost']).optional(),
  vip: z.enum(['true', 'false']).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: listInt(500, 50),
});
export const monthsQuery = z.strictObject({ months: z.coerce.number().int().min(1).max(60).default(12) });
export const answerSurveyBody = z.strictObject({
  score: z.number().int().min(0).max(10),
  comment: optionalText(4000),
  declined: z.boolean().optional(),
});
export const publicSurveyBody = z.strictObject({
  score: z.coerce.number().int().min(0).max(10),
  comment: optionalText(4000),
});
export const tokenParam = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'is not a survey link'),
});
export const listSurveysQuery = z.strictObject({
  status: z.enum(['pending', 'answered', 'declined']).optional(),
  due: z.enum(['true', 'false']).optional(),
  customerId: uuid.optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: listInt(200, 50),
});
export const csiQuery = z.strictObject({
  from: day.optional(),
  to: day.optional(),
  groupBy: z.enum(['department', 'advisor', 'month']).default('department'),
});
export const complaintBody = z.strictObject({
  customerId: uuid,
  orderId: uuid.nullable().optional(),
  dealId: uuid.nullable().optional(),
  callId: uuid.nullable().optional(),
  description: text(4000),
});
export const resolveComplaintBody = z.strictObject({ resolution: text(4000) });
export const intervalBody = z
  .strictObject({
    name: text(100),
    jobKind: text(40),
    make: optionalText(60),
    vehicleId: uuid.nullable().optional(),
    months: z.number().int().min(1).max(120).nullable().optional(),
    km: z.number().int().min(1).max(1_000_000).nullable().optional(),
  })
  .refine((b) => b.months || b.km, { message: 'give months, km or both', path: ['months'] })
  .refine((b) => !(b.make && b.vehicleId), {
    message: 'give a make or a vehicle, not both',
    path: ['vehicleId'],
  });
export const serviceDueQuery = z.strictObject({
  horizonDays: z.coerce.number().int().min(0).max(365).optional(),
  limit: listInt(1000, 200),
});
export const redeemBody = z.strictObject({ orderId: uuid, points: z.number().int().min(1) });
export const adjustPointsBody = z.strictObject({
  points: z
    .number()
    .int()
    .min(-1e9)
    .max(1e9)
    .refine((n) => n !== 0, 'must not be 0'),
  note: text(500),
});
export const customerParam = z.object({ customerId: uuid });

// Import
export const importUploadQuery = z.strictObject({ fileName: z.string().trim().min(1).max(200) });
export const importRunBody = z.strictObject({
  mapping: z.partialRecord(z.enum(IMPORT_FIELDS), z.string().min(1).max(200)),
  dryRun: z.boolean().default(false),
  skipDuplicates: z.boolean().default(false),
});
