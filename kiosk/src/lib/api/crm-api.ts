import type { ApiClient, Query } from './client.ts';

/**
 * The CRM's routes (`/api/crm`), typed after the server's presenter and schemas
 * (server/src/modules/crm/crm.presenter.ts, crm.schemas.ts, queries/*).
 */

export interface Ref {
  id: string;
  name: string | null;
}

export interface DealCard {
  id: string;
  number: string;
  title: string;
  stageId: string;
  status: 'open' | 'won' | 'lost';
  customer: Ref | null;
  vehicle: { id: string; make: string | null; model: string | null; plate: string | null } | null;
  owner: Ref | null;
  source: { channel: Ref | null; campaign: Ref | null };
  expectedMinor: number;
  jobKind: string | null;
  stageEnteredAt: string;
  ageInStageSeconds: number;
  ageSeconds: number;
  createdAt: string;
  closedAt: string | null;
  openTasks?: number;
  stageName?: string;
}

export type StageKind = 'open' | 'won' | 'lost';

export interface KanbanStage {
  id: string;
  code: string;
  name: string;
  kind: StageKind;
  position: number;
  count: number;
  sumMinor: number;
  deals: DealCard[];
}

export interface Kanban {
  pipeline: { id: string; name: string };
  closedSince: string;
  stages: KanbanStage[];
}

export interface DealPage {
  items: DealCard[];
  total: number;
  sumMinor: number;
  offset: number;
  limit: number;
}

export interface Paged<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

export interface Pipeline {
  id: string;
  name: string;
  isDefault: boolean;
  active: boolean;
  stages: Array<{
    id: string;
    code: string;
    name: string;
    position: number;
    kind: StageKind;
    active: boolean;
  }>;
}

export interface LostReason {
  id: string;
  name: string;
  position: number;
  active: boolean;
}

export interface CrmPerson {
  id: string;
  name: string;
  role: string;
  supervisorId: string | null;
}

export interface AdChannel {
  id: string;
  name: string;
  kind: string;
  active: boolean;
}

export type LeadSource = 'website' | 'phone' | 'walk_in' | 'missed_call' | 'other';
export type LeadStatus = 'new' | 'converted' | 'dismissed';

export interface Lead {
  id: string;
  source: LeadSource;
  status: LeadStatus;
  name: string | null;
  phone: string | null;
  email: string | null;
  message: string | null;
  vehicle: { make: string | null; model: string | null; plate: string | null };
  channel: Ref | null;
  campaign: Ref | null;
  customer: Ref | null;
  dealId: string | null;
  dismissReason: string | null;
  form: string | null;
  receivedAt: string;
  processedAt: string | null;
}

export interface Task {
  id: string;
  title: string;
  notes: string | null;
  deal: { id: string; number: string | null; title: string | null } | null;
  customer: Ref | null;
  assignee: Ref;
  dueAt: string;
  remindAt: string | null;
  status: 'open' | 'done' | 'cancelled';
  outcome: string | null;
  completedAt: string | null;
  origin: string;
  rule: string | null;
  overdue: boolean;
  escalatedAt: string | null;
  escalatedTo: string | null;
  createdAt: string;
}

export interface Agenda {
  userId: string;
  date: string;
  overdue: Task[];
  today: Task[];
  escalated: Task[];
}

export interface Call {
  id: string;
  kind: 'call' | 'walk_in';
  direction: 'in' | 'out' | null;
  startedAt: string;
  durationSeconds: number;
  phone: string | null;
  customer: Ref | null;
  dealId: string | null;
  channel: Ref | null;
  campaign: Ref | null;
  targetGroup: string | null;
  status: 'customer' | 'potential' | 'directed' | null;
  manager: Ref | null;
  outcome: string | null;
  purpose: string | null;
  missed: boolean;
  complaint: boolean;
  recordingRef: string | null;
  note: string | null;
}

export type Segment = 'potential' | 'real' | 'regular' | 'lost';

export interface SegmentSummary {
  segments: Record<Segment, number>;
  vip: number;
  computedAt: string | null;
}

export interface SegmentFlowMonth {
  month: string;
  inflow: number;
  churn: number;
  returned: number;
}

export interface CsiScore {
  answers: number;
  csi: number | null;
  nps: number | null;
  promoters: number;
  detractors: number;
}

export interface CsiReport {
  period: { from: string; to: string };
  groupBy: string;
  overall: CsiScore;
  groups: Array<CsiScore & { key: string | null; label: string }>;
  trend: Array<CsiScore & { month: string }>;
  complaints: { open: number; resolved: number };
}

export interface ChannelReturnRow {
  key: string | null;
  label: string;
  leads: number | null;
  deals: number;
  won: number;
  lost: number;
  conversion: number | null;
  expectedMinor: number;
  revenueMinor: number;
  costMinor: number;
  marginMinor: number;
  spendMinor: number | null;
  returnOnSpend: number | null;
}

export interface ChannelReturn {
  period: { from: string; to: string };
  groupBy: string;
  rows: ChannelReturnRow[];
}

export interface DealFilters extends Query {
  pipelineId?: string;
  ownerId?: string;
  channelId?: string;
  make?: string;
  minAgeDays?: number;
  maxAgeDays?: number;
  q?: string;
}

export interface MoveDealInput {
  stageId: string;
  lostReasonId?: string;
  lostNote?: string | null;
  note?: string | null;
}

export interface ConvertLeadInput {
  title?: string;
  ownerId?: string | null;
  expectedMinor?: number;
  createCustomer?: boolean;
  force?: boolean;
}

export interface CreateTaskInput {
  title: string;
  notes?: string | null;
  dealId?: string | null;
  customerId?: string | null;
  assigneeId?: string;
  dueAt: string;
}

export interface CreateCallInput {
  kind: 'call' | 'walk_in';
  direction?: 'in' | 'out' | null;
  phone?: string | null;
  channelId?: string | null;
  status?: 'customer' | 'potential' | 'directed' | null;
  targetGroup?: string | null;
  outcome?: string | null;
  purpose?: string | null;
  durationSeconds?: number;
  missed?: boolean;
  complaint?: boolean;
  note?: string | null;
}

export type LedgerKind = 'earn' | 'redeem' | 'reverse' | 'adjust' | 'merge_in' | 'merge_out';

export interface LoyaltyTier {
  code: string;
  name: string;
  earnRateBp: number;
  minSpendMinor: number;
  spendMinor: number;
  windowMonths: number;
}

/** `GET /api/crm/customers/:id/loyalty`: the card, the balance, the tier and the newest 200 ledger lines. */
export interface Loyalty {
  customerId: string;
  card: { number: string; active: boolean; issuedAt: string } | null;
  balance: number;
  balanceValueMinor: number;
  tier: LoyaltyTier;
  ledger: Array<{
    id: string;
    orderId: string | null;
    kind: LedgerKind;
    points: number;
    basisMinor: number | null;
    at: string;
    note: string | null;
  }>;
}

export interface CustomerCrmSummary {
  customerId: string;
  segment: {
    segment: Segment;
    vip: boolean;
    paidVisits: number;
    spendWindowMinor: number;
    lastVisitAt: string | null;
  } | null;
  deals: Array<{ id: string; number: string; title: string; status: string }>;
  openTasks: Array<{ id: string; title: string; dueAt: string; assigneeId: string }>;
  complaints: Array<{ id: string; status: string; description: string; createdAt: string }>;
}

export interface Survey {
  id: string;
  order: { id: string; number: string };
  customer: Ref;
  advisorId: string | null;
  department: string;
  status: 'pending' | 'answered' | 'declined';
  dueAt: string;
  score: number | null;
  comment: string | null;
  channel: string | null;
  answeredAt: string | null;
}

export const IMPORT_FIELDS = [
  'name',
  'kind',
  'phone',
  'phone2',
  'email',
  'notes',
  'make',
  'model',
  'year',
  'vin',
  'plate',
  'mileageKm',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export type ImportMapping = Partial<Record<ImportField, string>>;

/** The answer to an upload: the columns, a preview of the first 20 rows and a suggested mapping. */
export interface ImportUpload {
  id: string;
  headers: string[];
  rows: number;
  preview: Array<Record<string, string>>;
  suggestedMapping: ImportMapping;
}

export interface ImportProblem {
  row: number;
  column: string;
  field: string;
  message: string;
}

export interface ImportRowReport {
  row: number;
  result: 'create' | 'created' | 'skipped' | 'error';
  name: string | null;
  problems: ImportProblem[];
  customerId?: string;
}

export interface ImportResult {
  dryRun: boolean;
  created: number;
  skipped: number;
  report: ImportRowReport[];
}

const id = (value: string) => encodeURIComponent(value);

export function crmApi(client: ApiClient) {
  const base = '/api/crm';
  return {
    kanban: (filters: DealFilters & { perStage?: number }) => client.get<Kanban>(`${base}/kanban`, filters),
    deals: (
      filters: DealFilters & {
        stageId?: string;
        status?: string;
        sort?: string;
        offset: number;
        limit: number;
      },
    ) => client.get<DealPage>(`${base}/deals`, filters),
    moveDeal: (dealId: string, input: MoveDealInput) =>
      client.post<DealCard>(`${base}/deals/${id(dealId)}/move`, input),
    pipelines: () => client.get<{ items: Pipeline[] }>(`${base}/pipelines`),
    lostReasons: () => client.get<{ items: LostReason[] }>(`${base}/lost-reasons`),
    people: () => client.get<{ items: CrmPerson[] }>(`${base}/people`),
    channels: () => client.get<{ items: AdChannel[] }>(`${base}/channels`),
    leads: (filters: Query & { status?: string; source?: string; offset: number; limit: number }) =>
      client.get<Paged<Lead>>(`${base}/leads`, filters),
    convertLead: (leadId: string, input: ConvertLeadInput) =>
      client.post<{ lead: Lead; deal: DealCard; customerCreated: boolean }>(
        `${base}/leads/${id(leadId)}/convert`,
        input,
      ),
    dismissLead: (leadId: string, reason: string) =>
      client.post<Lead>(`${base}/leads/${id(leadId)}/dismiss`, { reason }),
    tasks: (
      filters: Query & {
        assigneeId?: string;
        status?: string;
        overdue?: string;
        offset: number;
        limit: number;
      },
    ) => client.get<Paged<Task>>(`${base}/tasks`, filters),
    agenda: (userId?: string) => client.get<Agenda>(`${base}/agenda`, { userId }),
    createTask: (input: CreateTaskInput) => client.post<Task>(`${base}/tasks`, input),
    completeTask: (taskId: string, outcome: string, status: 'done' | 'cancelled' = 'done') =>
      client.post<Task>(`${base}/tasks/${id(taskId)}/complete`, { outcome, status }),
    calls: (
      filters: Query & { kind?: string; direction?: string; missed?: string; offset: number; limit: number },
    ) => client.get<Paged<Call>>(`${base}/calls`, filters),
    createCall: (input: CreateCallInput) => client.post<Call>(`${base}/calls`, input),
    segments: () => client.get<SegmentSummary>(`${base}/segments`),
    segmentFlow: (months = 12) =>
      client.get<{ months: SegmentFlowMonth[] }>(`${base}/segments/flow`, { months }),
    segmentCustomers: (filters: Query & { segment?: string; offset: number; limit: number }) =>
      client.get<
        Paged<{
          customerId: string;
          name: string;
          segment: Segment;
          vip: boolean;
          paidVisits: number;
          spendWindowMinor: number;
          lastVisitAt: string | null;
        }>
      >(`${base}/segments/customers`, filters),
    csi: (query: Query & { from?: string; to?: string; groupBy?: string }) =>
      client.get<CsiReport>(`${base}/csi`, query),
    channelReturn: (query: Query & { from?: string; to?: string; groupBy?: string }) =>
      client.get<ChannelReturn>(`${base}/reports/channel-return`, query),
    loyalty: (customerId: string) => client.get<Loyalty>(`${base}/customers/${id(customerId)}/loyalty`),
    issueCard: (customerId: string) =>
      client.post<{ customerId: string; number: string }>(`${base}/customers/${id(customerId)}/loyalty/card`),
    redeem: (customerId: string, input: { orderId: string; points: number }) =>
      client.post<{ points: number; amountMinor: number; balance: number }>(
        `${base}/customers/${id(customerId)}/loyalty/redeem`,
        input,
      ),
    customerSummary: (customerId: string) =>
      client.get<CustomerCrmSummary>(`${base}/customers/${id(customerId)}/summary`),
    surveys: (filters: Query & { customerId?: string; status?: string; offset: number; limit: number }) =>
      client.get<Paged<Survey>>(`${base}/surveys`, filters),
    runImport: (
      importId: string,
      input: { mapping: ImportMapping; dryRun: boolean; skipDuplicates: boolean },
    ) => client.post<ImportResult>(`${base}/imports/${id(importId)}/run`, input),
  };
}

export type CrmApi = ReturnType<typeof crmApi>;
