/**
 * Customer segments as pure rules over a customer's paid visits:
 *   potential — no paid visit yet;
 *   lost      — the last paid visit is older than `lost.noVisitMonths`;
 *   regular   — at least `regular.minPaidVisits` paid visits in the last `regular.windowMonths`;
 *   real      — everyone else who has paid at least once.
 * VIP is separate from the segment: cumulative spend over `vip.windowMonths` reaches `vip.minSpendMinor`
 * (many visits add up; one big receipt counts no more than its amount).
 * A paid visit is a repair order handed over or closed whose payments cover its total; its time is
 * when the order was opened.
 */
export const SEGMENTS = ['potential', 'real', 'regular', 'lost'] as const;
export type Segment = (typeof SEGMENTS)[number];

export interface SegmentRules {
  regular: { minPaidVisits: number; windowMonths: number };
  lost: { noVisitMonths: number };
  vip: { minSpendMinor: number; windowMonths: number };
}

export interface VisitFacts {
  paidVisits: number;
  /** Paid visits since regularWindowStart. */
  visitsInRegularWindow: number;
  /** Money paid for visits since vipWindowStart. */
  spendInVipWindowMinor: number;
  lastVisitAt: Date | null;
}

/** `months` calendar months before `now` (UTC), the day clamped to the shorter month. */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

export interface SegmentWindows {
  regularWindowStart: Date;
  vipWindowStart: Date;
  lostBefore: Date;
}

export function segmentWindows(rules: SegmentRules, now: Date): SegmentWindows {
  return {
    regularWindowStart: monthsBefore(now, rules.regular.windowMonths),
    vipWindowStart: monthsBefore(now, rules.vip.windowMonths),
    lostBefore: monthsBefore(now, rules.lost.noVisitMonths),
  };
}

export function segmentOf(facts: VisitFacts, rules: SegmentRules, now: Date): Segment {
  if (facts.paidVisits === 0 || facts.lastVisitAt === null) return 'potential';
  const { lostBefore } = segmentWindows(rules, now);
  if (facts.lastVisitAt.getTime() < lostBefore.getTime()) return 'lost';
  if (facts.visitsInRegularWindow >= rules.regular.minPaidVisits) return 'regular';
  return 'real';
}

export function isVip(facts: VisitFacts, rules: SegmentRules): boolean {
  return rules.vip.minSpendMinor > 0 && facts.spendInVipWindowMinor >= rules.vip.minSpendMinor;
}

export interface SegmentMonth {
  month: string;
  inflow: number;
  churn: number;
  returned: number;
}

/**
 * Inflow and churn per month from segment changes: inflow = a customer's first move out of
 * "potential" (or first appearance straight in a paying segment); churn = a move into "lost";
 * returned = a move out of "lost" back into a paying segment.
 */
export function inflowAndChurn(
  changes: ReadonlyArray<{ month: string; from: Segment | null; to: Segment }>,
): SegmentMonth[] {
  const byMonth = new Map<string, SegmentMonth>();
  for (const c of changes) {
    const m = byMonth.get(c.month) ?? { month: c.month, inflow: 0, churn: 0, returned: 0 };
    const paying = c.to === 'real' || c.to === 'regular';
    if (paying && (c.from === null || c.from === 'potential')) m.inflow += 1;
    else if (paying && c.from === 'lost') m.returned += 1;
    else if (c.to === 'lost' && c.from !== 'lost') m.churn += 1;
    byMonth.set(c.month, m);
  }
  return [...byMonth.values()].sort((a, b) => a.month.localeCompare(b.month));
}
