import { describe, expect, it } from 'vitest';
import {
  inflowAndChurn,
  isVip,
  monthsBefore,
  segmentOf,
  type SegmentRules,
} from '../../../server/src/modules/crm/rules/segments.ts';

const rules: SegmentRules = {
  regular: { minPaidVisits: 3, windowMonths: 24 },
  lost: { noVisitMonths: 18 },
  vip: { minSpendMinor: 30_000_000, windowMonths: 24 },
};
const now = new Date('2026-06-15T12:00:00Z');
const facts = (over: Partial<Parameters<typeof segmentOf>[0]>) => ({
  paidVisits: 0,
  visitsInRegularWindow: 0,
  spendInVipWindowMinor: 0,
  lastVisitAt: null,
  ...over,
});

describe('segments', () => {
  it('potential: never paid', () => {
    expect(segmentOf(facts({}), rules, now)).toBe('potential');
  });
  it('real: paid at least once recently, fewer than 3 visits in 24 months', () => {
    expect(
      segmentOf(
        facts({ paidVisits: 5, visitsInRegularWindow: 2, lastVisitAt: new Date('2026-05-01') }),
        rules,
        now,
      ),
    ).toBe('real');
  });
  it('regular: 3 paid visits in 24 months', () => {
    expect(
      segmentOf(
        facts({ paidVisits: 3, visitsInRegularWindow: 3, lastVisitAt: new Date('2026-05-01') }),
        rules,
        now,
      ),
    ).toBe('regular');
  });
  it('lost: the last visit more than 18 months ago wins over everything', () => {
    expect(
      segmentOf(
        facts({ paidVisits: 9, visitsInRegularWindow: 3, lastVisitAt: new Date('2024-12-14T00:00:00Z') }),
        rules,
        now,
      ),
    ).toBe('lost');
    expect(
      segmentOf(
        facts({ paidVisits: 1, visitsInRegularWindow: 1, lastVisitAt: new Date('2024-12-16T00:00:00Z') }),
        rules,
        now,
      ),
    ).toBe('real');
  });
  it('rules are configuration: 2 visits in 12 months make a regular at another station', () => {
    const other = { ...rules, regular: { minPaidVisits: 2, windowMonths: 12 } };
    expect(
      segmentOf(
        facts({ paidVisits: 2, visitsInRegularWindow: 2, lastVisitAt: new Date('2026-05-01') }),
        other,
        now,
      ),
    ).toBe('regular');
  });
  it('VIP by cumulative spend over the window, not by one receipt', () => {
    expect(isVip(facts({ spendInVipWindowMinor: 30_000_000 }), rules)).toBe(true);
    expect(isVip(facts({ spendInVipWindowMinor: 29_999_999 }), rules)).toBe(false);
    expect(
      isVip(facts({ spendInVipWindowMinor: 1 }), { ...rules, vip: { minSpendMinor: 0, windowMonths: 1 } }),
    ).toBe(false);
  });
  it('months are calendar months, the day clamped to the shorter month', () => {
    expect(monthsBefore(new Date('2026-03-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(monthsBefore(new Date('2026-06-15T00:00:00Z'), 18).toISOString()).toBe('2024-12-15T00:00:00.000Z');
  });
  it('inflow, churn and returns per month', () => {
    expect(
      inflowAndChurn([
        { month: '2026-02', from: null, to: 'potential' },
        { month: '2026-02', from: 'potential', to: 'real' },
        { month: '2026-02', from: null, to: 'real' },
        { month: '2026-01', from: 'real', to: 'lost' },
        { month: '2026-02', from: 'lost', to: 'regular' },
        { month: '2026-02', from: 'real', to: 'regular' },
      ]),
    ).toEqual([
      { month: '2026-01', inflow: 0, churn: 1, returned: 0 },
      { month: '2026-02', inflow: 2, churn: 0, returned: 1 },
    ]);
  });
});
