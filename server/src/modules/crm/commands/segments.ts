import type { CommandContext } from '../../../platform/context.ts';
import { newId } from '../../../platform/ids.ts';
import { execute, int, select } from '../db.ts';
import { loadCrmSettings } from '../queries/settings.ts';
import { isVip, segmentOf, segmentWindows, type Segment } from '../rules/segments.ts';

/** A paid visit: an order handed over or closed whose payments cover its total (see rules/segments.ts). */
export const PAID_VISITS_SQL = `
  SELECT o.customer_id, o.created_at AS at, LEAST(o.paid_minor, o.total_minor) AS paid
    FROM repair_orders o
   WHERE o.status IN ('handed_over', 'closed') AND o.paid_minor >= o.total_minor`;

interface FactsRow {
  customer_id: string;
  paid_visits: string;
  visits_in_window: string;
  spend_window: string;
  spend_total: string;
  first_visit_at: Date | null;
  last_visit_at: Date | null;
  segment: Segment | null;
  vip: boolean | null;
}

const BATCH = 2000;

/**
 * Recomputes the segments of the given customers (all of them when `customerIds` is omitted) and
 * appends a change row whenever a customer's segment or VIP flag changes. Returns how many changed.
 */
export async function recomputeSegments(
  cx: CommandContext,
  options: { customerIds?: readonly string[] } = {},
): Promise<{ customers: number; changed: number }> {
  const settings = await loadCrmSettings(cx);
  const rules = settings.segmentRules;
  const windows = segmentWindows(rules, cx.now);
  const ids = options.customerIds ? [...new Set(options.customerIds)] : null;
  if (ids && ids.length === 0) return { customers: 0, changed: 0 };
  let customers = 0;
  let changed = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await select<FactsRow>(
      cx,
      `WITH batch AS (
         SELECT id FROM customers
          WHERE merged_into_id IS NULL AND id > :after ${ids ? 'AND id IN (:ids)' : ''}
          ORDER BY id LIMIT :limit
       ), visits AS (
         SELECT v.* FROM (${PAID_VISITS_SQL}) v JOIN batch b ON b.id = v.customer_id
       )
       SELECT b.id AS customer_id, count(v.at) AS paid_visits,
              count(v.at) FILTER (WHERE v.at >= :regularStart) AS visits_in_window,
              coalesce(sum(v.paid) FILTER (WHERE v.at >= :vipStart), 0) AS spend_window,
              coalesce(sum(v.paid), 0) AS spend_total,
              min(v.at) AS first_visit_at, max(v.at) AS last_visit_at,
              s.segment, s.vip
         FROM batch b
         LEFT JOIN visits v ON v.customer_id = b.id
         LEFT JOIN customer_segments s ON s.customer_id = b.id
        GROUP BY b.id, s.segment, s.vip
        ORDER BY b.id`,
      {
        after,
        ids: ids ?? [],
        limit: BATCH,
        regularStart: windows.regularWindowStart,
        vipStart: windows.vipWindowStart,
      },
    );
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.customer_id;
    customers += rows.length;
    const computed = rows.map((r) => {
      const facts = {
        paidVisits: int(r.paid_visits),
        visitsInRegularWindow: int(r.visits_in_window),
        spendInVipWindowMinor: int(r.spend_window),
        lastVisitAt: r.last_visit_at ? new Date(r.last_visit_at) : null,
      };
      return { row: r, segment: segmentOf(facts, rules, cx.now), vip: isVip(facts, rules) };
    });
    await upsertSegments(cx, computed);
    const changes = computed.filter((c) => c.row.segment !== c.segment || c.row.vip !== c.vip);
    changed += changes.length;
    if (changes.length) {
      await execute(
        cx,
        `INSERT INTO customer_segment_changes (id, customer_id, from_segment, to_segment, vip, at)
         SELECT * FROM unnest(ARRAY[:ids]::uuid[], ARRAY[:customers]::uuid[], ARRAY[:froms]::text[], ARRAY[:tos]::text[], ARRAY[:vips]::boolean[])
                AS t(id, customer_id, from_segment, to_segment, vip)
                CROSS JOIN (SELECT :now::timestamptz AS at) n`,
        {
          ids: changes.map(() => newId()),
          customers: changes.map((c) => c.row.customer_id),
          froms: changes.map((c) => c.row.segment),
          tos: changes.map((c) => c.segment),
          vips: changes.map((c) => c.vip),
          now: cx.now,
        },
      );
    }
    if (rows.length < BATCH) break;
  }
  if (changed > 0) cx.emit({ type: 'crm.segments.recomputed', customers, changed });
  return { customers, changed };
}

async function upsertSegments(
  cx: CommandContext,
  computed: ReadonlyArray<{ row: FactsRow; segment: Segment; vip: boolean }>,
): Promise<void> {
  if (computed.length === 0) return;
  await execute(
    cx,
    `INSERT INTO customer_segments (customer_id, segment, vip, paid_visits, visits_in_window, spend_window_minor, spend_total_minor,
                                    first_visit_at, last_visit_at, computed_at)
     SELECT * FROM unnest(ARRAY[:customers]::uuid[], ARRAY[:segments]::text[], ARRAY[:vips]::boolean[], ARRAY[:visits]::int[],
                          ARRAY[:inWindow]::int[], ARRAY[:spendWindow]::bigint[], ARRAY[:spendTotal]::bigint[],
                          ARRAY[:firsts]::timestamptz[], ARRAY[:lasts]::timestamptz[])
            AS t(customer_id, segment, vip, paid_visits, visits_in_window, spend_window_minor, spend_total_minor, first_visit_at, last_visit_at)
            CROSS JOIN (SELECT :now::timestamptz AS computed_at) n
     ON CONFLICT (customer_id) DO UPDATE SET segment = EXCLUDED.segment, vip = EXCLUDED.vip, paid_visits = EXCLUDED.paid_visits,
       visits_in_window = EXCLUDED.visits_in_window, spend_window_minor = EXCLUDED.spend_window_minor,
       spend_total_minor = EXCLUDED.spend_total_minor, first_visit_at = EXCLUDED.first_visit_at,
       last_visit_at = EXCLUDED.last_visit_at, computed_at = EXCLUDED.computed_at`,
    {
      customers: computed.map((c) => c.row.customer_id),
      segments: computed.map((c) => c.segment),
      vips: computed.map((c) => c.vip),
      visits: computed.map((c) => int(c.row.paid_visits)),
      inWindow: computed.map((c) => int(c.row.visits_in_window)),
      spendWindow: computed.map((c) => int(c.row.spend_window)),
      spendTotal: computed.map((c) => int(c.row.spend_total)),
      firsts: computed.map((c) => c.row.first_visit_at),
      lasts: computed.map((c) => c.row.last_visit_at),
      now: cx.now,
    },
  );
}
