import { z } from 'zod';
import type { LoyaltyRules } from '../rules/loyalty.ts';
import type { SegmentRules } from '../rules/segments.ts';
import { selectOne, type Executor } from '../db.ts';

export const segmentRulesSchema = z.strictObject({
  regular: z.strictObject({
    minPaidVisits: z.number().int().min(1).max(1000),
    windowMonths: z.number().int().min(1).max(240),
  }),
  lost: z.strictObject({ noVisitMonths: z.number().int().min(1).max(240) }),
  vip: z.strictObject({
    minSpendMinor: z.number().int().min(0),
    windowMonths: z.number().int().min(1).max(240),
  }),
});

export const loyaltyRulesSchema = z.strictObject({
  pointValueMinor: z.number().int().min(1),
  redeemCapBp: z.number().int().min(0).max(10_000),
  tierWindowMonths: z.number().int().min(1).max(240),
  tiers: z
    .array(
      z.strictObject({
        code: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/),
        name: z.string().trim().min(1).max(60),
        minSpendMinor: z.number().int().min(0),
        earnRateBp: z.number().int().min(0).max(10_000),
      }),
    )
    .min(1)
    .refine((tiers) => tiers.some((t) => t.minSpendMinor === 0), 'one tier must start at 0')
    .refine((tiers) => new Set(tiers.map((t) => t.code)).size === tiers.length, 'tier codes must differ'),
});

export interface CrmSettings {
  escalationDelaySeconds: number;
  defaultSupervisorId: string | null;
  leadAssigneeId: string | null;
  leadRateLimitPerMinute: number;
  surveyDelaySeconds: number;
  surveyLinkDays: number;
  serviceDueAction: 'task' | 'invitation';
  serviceDueHorizonDays: number;
  segmentRules: SegmentRules;
  loyaltyRules: LoyaltyRules;
}

interface Row {
  escalation_delay_seconds: number;
  default_supervisor_id: string | null;
  lead_assignee_id: string | null;
  lead_rate_limit_per_minute: number;
  survey_delay_seconds: number;
  survey_link_days: number;
  service_due_action: 'task' | 'invitation';
  service_due_horizon_days: number;
  segment_rules: unknown;
  loyalty_rules: unknown;
}

export async function loadCrmSettings(ex: Executor): Promise<CrmSettings> {
  const row = await selectOne<Row>(ex, `SELECT * FROM crm_settings WHERE id = 1`);
  if (!row) throw new Error('crm_settings has no row; the CRM migrations did not run');
  return {
    escalationDelaySeconds: row.escalation_delay_seconds,
    defaultSupervisorId: row.default_supervisor_id,
    leadAssigneeId: row.lead_assignee_id,
    leadRateLimitPerMinute: row.lead_rate_limit_per_minute,
    surveyDelaySeconds: row.survey_delay_seconds,
    surveyLinkDays: row.survey_link_days,
    serviceDueAction: row.service_due_action,
    serviceDueHorizonDays: row.service_due_horizon_days,
    segmentRules: segmentRulesSchema.parse(row.segment_rules),
    loyaltyRules: loyaltyRulesSchema.parse(row.loyalty_rules),
  };
}
