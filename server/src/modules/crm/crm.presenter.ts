import { int, iso } from './db.ts';

/** JSON shapes of the CRM API; rows come from the queries with the columns named below. */
export interface DealCardRow {
  id: string;
  number: string;
  title: string;
  stage_id: string;
  status: string;
  customer_id: string | null;
  customer_name: string | null;
  vehicle_id: string | null;
  make: string | null;
  model: string | null;
  plate: string | null;
  owner_id: string | null;
  owner_name: string | null;
  channel_id: string | null;
  channel_name: string | null;
  campaign_id: string | null;
  campaign_name: string | null;
  expected_minor: string;
  job_kind: string | null;
  stage_entered_at: Date;
  created_at: Date;
  closed_at: Date | null;
  open_tasks?: string | number | null;
}

export function presentDealCard(r: DealCardRow, now: Date) {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    stageId: r.stage_id,
    status: r.status,
    customer: r.customer_id ? { id: r.customer_id, name: r.customer_name } : null,
    vehicle: r.vehicle_id ? { id: r.vehicle_id, make: r.make, model: r.model, plate: r.plate } : null,
    owner: r.owner_id ? { id: r.owner_id, name: r.owner_name } : null,
    source: {
      channel: r.channel_id ? { id: r.channel_id, name: r.channel_name } : null,
      campaign: r.campaign_id ? { id: r.campaign_id, name: r.campaign_name } : null,
    },
    expectedMinor: int(r.expected_minor),
    jobKind: r.job_kind,
    stageEnteredAt: iso(r.stage_entered_at),
    ageInStageSeconds: Math.max(
      0,
      Math.floor((now.getTime() - new Date(r.stage_entered_at).getTime()) / 1000),
    ),
    ageSeconds: Math.max(0, Math.floor((now.getTime() - new Date(r.created_at).getTime()) / 1000)),
    createdAt: iso(r.created_at),
    closedAt: iso(r.closed_at),
    ...(r.open_tasks !== undefined ? { openTasks: int(r.open_tasks) } : {}),
  };
}

export interface TaskListRow {
  id: string;
  title: string;
  notes: string | null;
  deal_id: string | null;
  deal_number: string | null;
  deal_title: string | null;
  customer_id: string | null;
  customer_name: string | null;
  vehicle_id: string | null;
  lead_id: string | null;
  call_id: string | null;
  assignee_id: string;
  assignee_name: string | null;
  due_at: Date;
  remind_at: Date | null;
  status: string;
  outcome: string | null;
  completed_at: Date | null;
  origin: string;
  rule_code: string | null;
  overdue_notified_at: Date | null;
  escalated_at: Date | null;
  escalated_to: string | null;
  created_at: Date;
}

export function presentTask(r: TaskListRow, now: Date) {
  return {
    id: r.id,
    title: r.title,
    notes: r.notes,
    deal: r.deal_id ? { id: r.deal_id, number: r.deal_number, title: r.deal_title } : null,
    customer: r.customer_id ? { id: r.customer_id, name: r.customer_name } : null,
    vehicleId: r.vehicle_id,
    leadId: r.lead_id,
    callId: r.call_id,
    assignee: { id: r.assignee_id, name: r.assignee_name },
    dueAt: iso(r.due_at),
    remindAt: iso(r.remind_at),
    status: r.status,
    outcome: r.outcome,
    completedAt: iso(r.completed_at),
    origin: r.origin,
    rule: r.rule_code,
    overdue: r.status === 'open' && new Date(r.due_at).getTime() < now.getTime(),
    escalatedAt: iso(r.escalated_at),
    escalatedTo: r.escalated_to,
    createdAt: iso(r.created_at),
  };
}

export interface LeadListRow {
  id: string;
  source: string;
  status: string;
  name: string | null;
  phone_e164: string | null;
  email: string | null;
  message: string | null;
  vehicle_make: string | null;
  vehicle_model: string | null;
  plate: string | null;
  channel_id: string | null;
  channel_name: string | null;
  campaign_id: string | null;
  campaign_name: string | null;
  customer_id: string | null;
  customer_name: string | null;
  deal_id: string | null;
  dismiss_reason: string | null;
  received_at: Date;
  processed_at: Date | null;
  form_name: string | null;
  utm: Record<string, string> | null;
  deleted_at: Date | null;
  deleted_reason: string | null;
}

export function presentLead(r: LeadListRow) {
  return {
    id: r.id,
    source: r.source,
    status: r.status,
    name: r.name,
    phone: r.phone_e164,
    email: r.email,
    message: r.message,
    vehicle: { make: r.vehicle_make, model: r.vehicle_model, plate: r.plate },
    channel: r.channel_id ? { id: r.channel_id, name: r.channel_name } : null,
    campaign: r.campaign_id ? { id: r.campaign_id, name: r.campaign_name } : null,
    customer: r.customer_id ? { id: r.customer_id, name: r.customer_name } : null,
    dealId: r.deal_id,
    dismissReason: r.dismiss_reason,
    form: r.form_name,
    utm: r.utm,
    receivedAt: iso(r.received_at),
    processedAt: iso(r.processed_at),
    deleted: r.deleted_at ? { at: iso(r.deleted_at), reason: r.deleted_reason } : null,
  };
}

export interface CallListRow {
  id: string;
  kind: string;
  direction: string | null;
  started_at: Date;
  answered_at: Date | null;
  ended_at: Date | null;
  duration_seconds: number;
  ring_seconds: number;
  phone_e164: string | null;
  phone_raw: string | null;
  line_e164: string | null;
  customer_id: string | null;
  customer_name: string | null;
  deal_id: string | null;
  channel_id: string | null;
  channel_name: string | null;
  campaign_id: string | null;
  campaign_name: string | null;
  target_group: string | null;
  status: string | null;
  manager_id: string | null;
  manager_name: string | null;
  outcome: string | null;
  purpose: string | null;
  missed: boolean;
  complaint: boolean;
  recording_ref: string | null;
  pbx_id: string | null;
  external_id: string | null;
  note: string | null;
}

export function presentCall(r: CallListRow) {
  return {
    id: r.id,
    kind: r.kind,
    direction: r.direction,
    startedAt: iso(r.started_at),
    answeredAt: iso(r.answered_at),
    endedAt: iso(r.ended_at),
    durationSeconds: r.duration_seconds,
    ringSeconds: r.ring_seconds,
    phone: r.phone_e164 ?? r.phone_raw,
    line: r.line_e164,
    customer: r.customer_id ? { id: r.customer_id, name: r.customer_name } : null,
    dealId: r.deal_id,
    channel: r.channel_id ? { id: r.channel_id, name: r.channel_name } : null,
    campaign: r.campaign_id ? { id: r.campaign_id, name: r.campaign_name } : null,
    targetGroup: r.target_group,
    status: r.status,
    manager: r.manager_id ? { id: r.manager_id, name: r.manager_name } : null,
    outcome: r.outcome,
    purpose: r.purpose,
    missed: r.missed,
    complaint: r.complaint,
    recordingRef: r.recording_ref,
    pbx: r.pbx_id ? { id: r.pbx_id, callId: r.external_id } : null,
    note: r.note,
  };
}
