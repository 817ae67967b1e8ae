import { notFound } from '../../../platform/errors.ts';
import { int, iso, select, selectOne, type Executor } from '../db.ts';
import { presentDealCard, type DealCardRow } from '../crm.presenter.ts';
import { defaultPipelineId } from '../commands/deal-support.ts';

export interface DealFilters {
  pipelineId?: string;
  ownerId?: string;
  channelId?: string;
  campaignId?: string;
  make?: string;
  minAgeDays?: number;
  maxAgeDays?: number;
  q?: string;
}

export const CARD_COLUMNS = `d.id, d.number, d.title, d.stage_id, d.status, d.customer_id, c.name AS customer_name,
  d.vehicle_id, v.make, v.model, v.plate, d.owner_id, u.display_name AS owner_name,
  d.channel_id, ch.name AS channel_name, d.campaign_id, cp.name AS campaign_name,
  d.expected_minor, d.job_kind, d.stage_entered_at, d.created_at, d.closed_at`;

export const CARD_JOINS = `LEFT JOIN customers c ON c.id = d.customer_id
  LEFT JOIN vehicles v ON v.id = d.vehicle_id
  LEFT JOIN users u ON u.id = d.owner_id
  LEFT JOIN ad_channels ch ON ch.id = d.channel_id
  LEFT JOIN ad_campaigns cp ON cp.id = d.campaign_id`;

/** SQL conditions on `deals d` for the filters; `own` forces the owner (record scope "own"). */
export function dealConditions(
  f: DealFilters,
  own: string | null,
  now: Date,
): { where: string[]; params: Record<string, unknown> } {
  const where = ['d.deleted_at IS NULL'];
  const params: Record<string, unknown> = { now };
  const owner = own ?? f.ownerId;
  if (owner) {
    where.push('d.owner_id = :ownerId');
    params.ownerId = owner;
  }
  if (f.channelId) {
    where.push('d.channel_id = :channelId');
    params.channelId = f.channelId;
  }
  if (f.campaignId) {
    where.push('d.campaign_id = :campaignId');
    params.campaignId = f.campaignId;
  }
  if (f.make) {
    // deals.vehicle_make is kept by triggers (migration 0400), so the filter stays inside the kanban index.
    where.push('d.vehicle_make = lower(:make)');
    params.make = f.make;
  }
  if (f.minAgeDays !== undefined) {
    where.push(`d.created_at <= :minAgeAt`);
    params.minAgeAt = new Date(now.getTime() - f.minAgeDays * 86_400_000);
  }
  if (f.maxAgeDays !== undefined) {
    where.push(`d.created_at >= :maxAgeAt`);
    params.maxAgeAt = new Date(now.getTime() - f.maxAgeDays * 86_400_000);
  }
  if (f.q) {
    where.push(`(d.number = upper(:q) OR d.title ILIKE :qLike)`);
    params.q = f.q;
    params.qLike = `%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  }
  return { where, params };
}

/**
 * The kanban of a pipeline: every stage with the count and expected sum of its deals, and the newest
 * `perStage` cards in each. Open stages hold every open deal; the won and lost columns hold the deals
 * closed in the last `closedDays` days (30 by default) — the board is for the work in hand, the
 * reports are for all history. One statement: per stage, an index range scan on
 * (pipeline, stage, stage_entered_at) for the totals and another for the cards.
 */
export async function kanban(
  ex: Executor,
  f: DealFilters & { perStage: number; closedDays?: number },
  own: string | null,
  now: Date,
) {
  const pipelineId = f.pipelineId ?? (await defaultPipelineId(ex));
  const pipeline = await selectOne<{ id: string; name: string }>(
    ex,
    `SELECT id, name FROM pipelines WHERE id = :pipelineId`,
    {
      pipelineId,
    },
  );
  if (!pipeline) throw notFound('Pipeline');
  const { where, params } = dealConditions(f, own, now);
  const conditions = where.join(' AND ');
  const closedSince = new Date(now.getTime() - (f.closedDays ?? 30) * 86_400_000);
  const inColumn = `d.pipeline_id = s.pipeline_id AND d.stage_id = s.id
    AND d.stage_entered_at >= CASE WHEN s.kind = 'open' THEN '-infinity'::timestamptz ELSE :closedSince::timestamptz END
    AND ${conditions}`;
  const replacements = { ...params, pipelineId, closedSince, perStage: f.perStage };
  const [stages, cards] = await Promise.all([
    select<{
      id: string;
      code: string;
      name: string;
      position: number;
      kind: string;
      active: boolean;
      count: string;
      sum: string;
    }>(
      ex,
      `SELECT s.id, s.code, s.name, s.position, s.kind, s.active, t.count, t.sum
         FROM pipeline_stages s
         CROSS JOIN LATERAL (SELECT count(*) AS count, coalesce(sum(d.expected_minor), 0) AS sum FROM deals d WHERE ${inColumn}) t
        WHERE s.pipeline_id = :pipelineId
        ORDER BY s.position`,
      replacements,
    ),
    select<DealCardRow>(
      ex,
      `SELECT ${CARD_COLUMNS},
              (SELECT count(*) FROM crm_tasks t WHERE t.deal_id = d.id AND t.status = 'open' AND t.deleted_at IS NULL) AS open_tasks
         FROM pipeline_stages s
         CROSS JOIN LATERAL (
           SELECT d.* FROM deals d WHERE ${inColumn} ORDER BY d.stage_entered_at DESC LIMIT :perStage
         ) d
         ${CARD_JOINS}
        WHERE s.pipeline_id = :pipelineId
        ORDER BY s.position, d.stage_entered_at DESC`,
      replacements,
    ),
  ]);
  return {
    pipeline,
    closedSince: closedSince.toISOString(),
    stages: stages
      .filter((s) => s.active || int(s.count) > 0)
      .map((s) => ({
        id: s.id,
        code: s.code,
        name: s.name,
        kind: s.kind,
        position: s.position,
        count: int(s.count),
        sumMinor: int(s.sum),
        deals: cards.filter((c) => c.stage_id === s.id).map((c) => presentDealCard(c, now)),
      })),
  };
}

const SORTS = {
  created: 'd.created_at DESC, d.id',
  stage_age: 'd.stage_entered_at ASC, d.id',
  amount: 'd.expected_minor DESC, d.id',
} as const;

export async function listDeals(
  ex: Executor,
  f: DealFilters & {
    stageId?: string;
    status?: string;
    sort: keyof typeof SORTS;
    offset: number;
    limit: number;
  },
  own: string | null,
  now: Date,
) {
  const { where, params } = dealConditions(f, own, now);
  if (f.pipelineId) {
    where.push('d.pipeline_id = :pipelineId');
    params.pipelineId = f.pipelineId;
  }
  if (f.stageId) {
    where.push('d.stage_id = :stageId');
    params.stageId = f.stageId;
  }
  if (f.status) {
    where.push('d.status = :status');
    params.status = f.status;
  }
  const conditions = where.join(' AND ');
  const [rows, total] = await Promise.all([
    select<DealCardRow & { stage_name: string }>(
      ex,
      `SELECT ${CARD_COLUMNS}, s.name AS stage_name FROM deals d ${CARD_JOINS} JOIN pipeline_stages s ON s.id = d.stage_id
        WHERE ${conditions} ORDER BY ${SORTS[f.sort]} OFFSET :offset LIMIT :limit`,
      { ...params, offset: f.offset, limit: f.limit },
    ),
    selectOne<{ n: string; sum: string }>(
      ex,
      `SELECT count(*) AS n, coalesce(sum(d.expected_minor), 0) AS sum FROM deals d WHERE ${conditions}`,
      params,
    ),
  ]);
  return {
    items: rows.map((r) => ({ ...presentDealCard(r, now), stageName: r.stage_name })),
    total: int(total?.n),
    sumMinor: int(total?.sum),
    offset: f.offset,
    limit: f.limit,
  };
}

/** Revenue and margin of a deal's orders handed over or closed: net of tax, minus the cost of the parts issued. */
export const DEAL_MONEY_SQL = `
  SELECT dor.deal_id,
         coalesce(sum(o.net_minor), 0) AS revenue,
         coalesce(sum((SELECT coalesce(-sum(m.quantity * m.unit_cost), 0) FROM stock_movements m
                        JOIN order_parts op ON op.id = m.line_id
                       WHERE op.order_id = o.id AND m.kind IN ('issue', 'return'))), 0) AS cost
    FROM deal_orders dor JOIN repair_orders o ON o.id = dor.order_id AND o.status IN ('handed_over', 'closed')`;

export async function getDeal(ex: Executor, id: string, now: Date) {
  const row = await selectOne<
    DealCardRow & {
      pipeline_id: string;
      stage_code: string;
      stage_name: string;
      lost_reason_id: string | null;
      lost_reason: string | null;
      lost_note: string | null;
      lead_id: string | null;
      manual_floor_position: number | null;
      last_manual_move_at: Date | null;
      deleted_at: Date | null;
      deleted_reason: string | null;
    }
  >(
    ex,
    `SELECT ${CARD_COLUMNS}, d.pipeline_id, s.code AS stage_code, s.name AS stage_name, d.lost_reason_id, lr.name AS lost_reason,
            d.lost_note, d.lead_id, d.manual_floor_position, d.last_manual_move_at, d.deleted_at, d.deleted_reason
       FROM deals d ${CARD_JOINS} JOIN pipeline_stages s ON s.id = d.stage_id LEFT JOIN lost_reasons lr ON lr.id = d.lost_reason_id
      WHERE d.id = :id`,
    { id },
  );
  if (!row) throw notFound('Deal');
  const [orders, appointments, history, money] = await Promise.all([
    select<{ id: string; number: string; status: string; total_minor: string; paid_minor: string }>(
      ex,
      `SELECT o.id, o.number, o.status, o.total_minor, o.paid_minor FROM deal_orders dor JOIN repair_orders o ON o.id = dor.order_id
        WHERE dor.deal_id = :id ORDER BY o.created_at`,
      { id },
    ),
    select<{ id: string; status: string; starts_at: Date; lift_id: string }>(
      ex,
      `SELECT a.id, a.status, lower(a.during) AS starts_at, a.lift_id FROM deal_appointments da JOIN appointments a ON a.id = da.appointment_id
        WHERE da.deal_id = :id ORDER BY lower(a.during)`,
      { id },
    ),
    select<{
      from_stage: string | null;
      to_stage: string;
      at: Date;
      cause: string;
      trigger: string | null;
      actor_name: string | null;
      note: string | null;
    }>(
      ex,
      `SELECT fs.code AS from_stage, ts.code AS to_stage, h.at, h.cause, h.trigger, h.actor_name, h.note
         FROM deal_stage_history h LEFT JOIN pipeline_stages fs ON fs.id = h.from_stage_id JOIN pipeline_stages ts ON ts.id = h.to_stage_id
        WHERE h.deal_id = :id ORDER BY h.at, h.id`,
      { id },
    ),
    selectOne<{ revenue: string; cost: string }>(
      ex,
      `${DEAL_MONEY_SQL} WHERE dor.deal_id = :id GROUP BY dor.deal_id`,
      { id },
    ),
  ]);
  return {
    ...presentDealCard(row, now),
    pipelineId: row.pipeline_id,
    stage: { id: row.stage_id, code: row.stage_code, name: row.stage_name },
    lost: row.lost_reason_id
      ? { reasonId: row.lost_reason_id, reason: row.lost_reason, note: row.lost_note }
      : null,
    leadId: row.lead_id,
    manualMoveAt: iso(row.last_manual_move_at),
    deleted: row.deleted_at ? { at: iso(row.deleted_at), reason: row.deleted_reason } : null,
    orders: orders.map((o) => ({
      id: o.id,
      number: o.number,
      status: o.status,
      totalMinor: int(o.total_minor),
      paidMinor: int(o.paid_minor),
    })),
    appointments: appointments.map((a) => ({
      id: a.id,
      status: a.status,
      startsAt: iso(a.starts_at),
      liftId: a.lift_id,
    })),
    history: history.map((h) => ({
      from: h.from_stage,
      to: h.to_stage,
      at: iso(h.at),
      cause: h.cause,
      trigger: h.trigger,
      by: h.actor_name,
      note: h.note,
    })),
    revenueMinor: int(money?.revenue),
    costMinor: int(money?.cost),
    marginMinor: int(money?.revenue) - int(money?.cost),
  };
}
