import { addDays, localDateOf } from '../../timeclock/engine/tz.ts';
import { int, iso, select, selectOne, type Executor } from '../db.ts';
import { csiOf } from '../rules/csi.ts';
import { inflowAndChurn, type Segment } from '../rules/segments.ts';
import { DEAL_MONEY_SQL } from './deals.ts';

export interface Period {
  from: string;
  to: string;
}

/** The last 90 days up to today when not given (station-local dates). */
export function periodOf(q: { from?: string; to?: string }, now: Date, timeZone: string): Period {
  // The station's today, not UTC's: in Moscow after 21:00 UTC it is already tomorrow.
  const today = localDateOf(now.getTime(), timeZone);
  const to = q.to ?? today;
  const from = q.from ?? addDays(today, -90);
  return { from, to };
}

const GROUPS = {
  channel: { key: 'd.channel_id::text', label: `coalesce(ch.name, 'No source')` },
  campaign: {
    key: 'd.campaign_id::text',
    label: `coalesce(ch.name || ' / ' || cp.name, ch.name, 'No source')`,
  },
  make: { key: `lower(coalesce(v.make, ''))`, label: `coalesce(min(v.make), 'Unknown make')` },
  job_kind: {
    key: `coalesce(d.job_kind, mk.kind, '')`,
    label: `coalesce(nullif(coalesce(d.job_kind, mk.kind), ''), 'Unspecified')`,
  },
} as const;

/**
 * Return per channel (or campaign, car make, kind of work) for deals created in the period: leads,
 * deals, won deals, revenue (net of tax, orders handed over or closed), the cost of the parts issued,
 * the margin, and — per channel and campaign — the advertising spend of the period and the return on it.
 */
export async function channelReturn(
  ex: Executor,
  q: Period & { groupBy: keyof typeof GROUPS },
  timezone: string,
) {
  const g = GROUPS[q.groupBy];
  const label = q.groupBy === 'make' ? g.label : `min(${g.label})`;
  const rows = await select<{
    key: string | null;
    label: string;
    deals: string;
    won: string;
    lost: string;
    revenue: string;
    cost: string;
    expected: string;
  }>(
    ex,
    `WITH money AS (${DEAL_MONEY_SQL} GROUP BY dor.deal_id),
          main_kind AS (
            SELECT DISTINCT ON (dor.deal_id) dor.deal_id, j.job_kind AS kind
              FROM deal_orders dor JOIN order_jobs j ON j.order_id = dor.order_id AND j.job_kind IS NOT NULL
             ORDER BY dor.deal_id, j.net_minor DESC)
     SELECT ${g.key} AS key, ${label} AS label, count(*) AS deals,
            count(*) FILTER (WHERE d.status = 'won') AS won, count(*) FILTER (WHERE d.status = 'lost') AS lost,
            coalesce(sum(m.revenue), 0) AS revenue, coalesce(sum(m.cost), 0) AS cost, coalesce(sum(d.expected_minor), 0) AS expected
       FROM deals d
       LEFT JOIN money m ON m.deal_id = d.id
       LEFT JOIN main_kind mk ON mk.deal_id = d.id
       LEFT JOIN ad_channels ch ON ch.id = d.channel_id
       LEFT JOIN ad_campaigns cp ON cp.id = d.campaign_id
       LEFT JOIN vehicles v ON v.id = d.vehicle_id
      WHERE d.deleted_at IS NULL AND (d.created_at AT TIME ZONE :tz)::date BETWEEN :from::date AND :to::date
      GROUP BY ${g.key}
      ORDER BY revenue DESC`,
    { ...q, tz: timezone },
  );
  const spendKey = q.groupBy === 'campaign' ? 'campaign_id' : 'channel_id';
  const spend =
    q.groupBy === 'channel' || q.groupBy === 'campaign'
      ? new Map(
          (
            await select<{ key: string; amount: string }>(
              ex,
              `SELECT ${spendKey}::text AS key, sum(amount_minor) AS amount FROM ad_spends
                WHERE period_start <= :to::date AND period_end >= :from::date GROUP BY ${spendKey}`,
              { from: q.from, to: q.to },
            )
          ).map((r) => [r.key, int(r.amount)]),
        )
      : null;
  const leads =
    q.groupBy === 'channel'
      ? new Map(
          (
            await select<{ key: string | null; n: string }>(
              ex,
              `SELECT channel_id::text AS key, count(*) AS n FROM leads
                WHERE deleted_at IS NULL AND (received_at AT TIME ZONE :tz)::date BETWEEN :from::date AND :to::date GROUP BY channel_id`,
              { ...q, tz: timezone },
            )
          ).map((r) => [r.key, int(r.n)]),
        )
      : null;
  return {
    period: { from: q.from, to: q.to },
    groupBy: q.groupBy,
    rows: rows.map((r) => {
      const revenueMinor = int(r.revenue);
      const costMinor = Math.round(int(r.cost));
      const marginMinor = revenueMinor - costMinor;
      const spendMinor = spend ? (r.key ? (spend.get(r.key) ?? 0) : 0) : null;
      return {
        key: r.key || null,
        label: r.label,
        leads: leads ? (leads.get(r.key) ?? 0) : null,
        deals: int(r.deals),
        won: int(r.won),
        lost: int(r.lost),
        conversion: int(r.deals) ? Math.round((int(r.won) / int(r.deals)) * 1000) / 10 : null,
        expectedMinor: int(r.expected),
        revenueMinor,
        costMinor,
        marginMinor,
        spendMinor,
        returnOnSpend: spendMinor
          ? Math.round(((marginMinor - spendMinor) / spendMinor) * 1000) / 1000
          : null,
      };
    }),
  };
}

export async function segmentSummary(ex: Executor) {
  const rows = await select<{ segment: Segment; vip: boolean; n: string; spend: string }>(
    ex,
    `SELECT segment, vip, count(*) AS n, coalesce(sum(spend_window_minor), 0) AS spend FROM customer_segments s
       JOIN customers c ON c.id = s.customer_id AND c.merged_into_id IS NULL GROUP BY segment, vip`,
  );
  const segments = { potential: 0, real: 0, regular: 0, lost: 0 } as Record<Segment, number>;
  let vip = 0;
  for (const r of rows) {
    segments[r.segment] += int(r.n);
    if (r.vip) vip += int(r.n);
  }
  const last = await selectOne<{ at: Date | null }>(
    ex,
    `SELECT max(computed_at) AS at FROM customer_segments`,
  );
  return { segments, vip, computedAt: iso(last?.at) };
}

export async function segmentMembers(
  ex: Executor,
  q: { segment?: string; vip?: boolean; offset: number; limit: number },
  own: string | null,
) {
  const where = ['c.merged_into_id IS NULL'];
  const params: Record<string, unknown> = { ...q, own };
  if (q.segment) where.push('s.segment = :segment');
  if (q.vip !== undefined) where.push('s.vip = :vip');
  if (own) where.push('c.owner_id = :own');
  const cond = where.join(' AND ');
  const [rows, total] = await Promise.all([
    select<{
      customer_id: string;
      name: string;
      segment: string;
      vip: boolean;
      paid_visits: number;
      spend_window_minor: string;
      spend_total_minor: string;
      last_visit_at: Date | null;
    }>(
      ex,
      `SELECT s.customer_id, c.name, s.segment, s.vip, s.paid_visits, s.spend_window_minor, s.spend_total_minor, s.last_visit_at
         FROM customer_segments s JOIN customers c ON c.id = s.customer_id WHERE ${cond}
        ORDER BY s.spend_window_minor DESC, c.name OFFSET :offset LIMIT :limit`,
      params,
    ),
    selectOne<{ n: string }>(
      ex,
      `SELECT count(*) AS n FROM customer_segments s JOIN customers c ON c.id = s.customer_id WHERE ${cond}`,
      params,
    ),
  ]);
  return {
    items: rows.map((r) => ({
      customerId: r.customer_id,
      name: r.name,
      segment: r.segment,
      vip: r.vip,
      paidVisits: r.paid_visits,
      spendWindowMinor: int(r.spend_window_minor),
      spendTotalMinor: int(r.spend_total_minor),
      lastVisitAt: iso(r.last_visit_at),
    })),
    total: int(total?.n),
    offset: q.offset,
    limit: q.limit,
  };
}

export async function segmentFlow(ex: Executor, months: number, timezone: string, now: Date) {
  const since = new Date(now.getTime() - months * 31 * 86_400_000);
  const rows = await select<{ month: string; from_segment: Segment | null; to_segment: Segment }>(
    ex,
    `SELECT to_char(at AT TIME ZONE :tz, 'YYYY-MM') AS month, from_segment, to_segment
       FROM customer_segment_changes WHERE at >= :since AND (from_segment IS DISTINCT FROM to_segment)`,
    { tz: timezone, since },
  );
  return {
    months: inflowAndChurn(rows.map((r) => ({ month: r.month, from: r.from_segment, to: r.to_segment }))),
  };
}

const CSI_GROUPS = {
  department: { key: 's.department', label: 's.department' },
  advisor: { key: 's.advisor_id::text', label: `coalesce(min(u.display_name), 'No advisor')` },
  month: {
    key: `to_char(s.answered_at AT TIME ZONE :tz, 'YYYY-MM')`,
    label: `to_char(s.answered_at AT TIME ZONE :tz, 'YYYY-MM')`,
  },
} as const;

/** CSI per department, advisor or month over answered surveys of the period, with the trend by month. */
export async function csi(ex: Executor, q: Period & { groupBy: keyof typeof CSI_GROUPS }, timezone: string) {
  const g = CSI_GROUPS[q.groupBy];
  const label = q.groupBy === 'advisor' ? g.label : g.label;
  const where = `s.status = 'answered' AND (s.answered_at AT TIME ZONE :tz)::date BETWEEN :from::date AND :to::date`;
  const [groups, trend, complaints] = await Promise.all([
    select<{ key: string | null; label: string; scores: number[] }>(
      ex,
      `SELECT ${g.key} AS key, ${label} AS label, array_agg(s.score) AS scores
         FROM surveys s LEFT JOIN users u ON u.id = s.advisor_id WHERE ${where}
        GROUP BY ${g.key}${q.groupBy === 'advisor' ? '' : `, ${label}`} ORDER BY 2`,
      { ...q, tz: timezone },
    ),
    select<{ month: string; scores: number[] }>(
      ex,
      `SELECT to_char(s.answered_at AT TIME ZONE :tz, 'YYYY-MM') AS month, array_agg(s.score) AS scores
         FROM surveys s WHERE ${where} GROUP BY 1 ORDER BY 1`,
      { ...q, tz: timezone },
    ),
    selectOne<{ open: string; resolved: string }>(
      ex,
      `SELECT count(*) FILTER (WHERE status = 'open') AS open, count(*) FILTER (WHERE status = 'resolved') AS resolved
         FROM complaints WHERE (created_at AT TIME ZONE :tz)::date BETWEEN :from::date AND :to::date`,
      { ...q, tz: timezone },
    ),
  ]);
  const all = groups.flatMap((r) => r.scores.map(Number));
  return {
    period: { from: q.from, to: q.to },
    groupBy: q.groupBy,
    overall: csiOf(all),
    groups: groups.map((r) => ({ key: r.key, label: r.label, ...csiOf(r.scores.map(Number)) })),
    trend: trend.map((r) => ({ month: r.month, ...csiOf(r.scores.map(Number)) })),
    complaints: { open: int(complaints?.open), resolved: int(complaints?.resolved) },
  };
}
