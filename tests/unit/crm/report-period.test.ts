import { describe, expect, it } from 'vitest';
import { periodOf } from '../../../server/src/modules/crm/queries/analytics.ts';

/** A CRM report's default period: the last 90 days up to the station's today, not UTC's. */
describe('CRM report period', () => {
  it('ends on the station-local today, also late in the UTC evening when the station is past midnight', () => {
    const lateUtc = new Date('2026-12-04T21:30:00Z'); // 00:30 on 5 December in Moscow
    expect(periodOf({}, lateUtc, 'Europe/Moscow')).toEqual({ from: '2026-09-06', to: '2026-12-05' });
    expect(periodOf({}, lateUtc, 'America/New_York')).toEqual({ from: '2026-09-05', to: '2026-12-04' });
  });

  it('keeps the dates it is given', () => {
    expect(periodOf({ from: '2026-01-01', to: '2026-01-31' }, new Date(), 'Europe/Moscow')).toEqual({
      from: '2026-01-01',
      to: '2026-01-31',
    });
    expect(periodOf({ from: '2026-11-01' }, new Date('2026-12-04T12:00:00Z'), 'Europe/Moscow')).toEqual({
      from: '2026-11-01',
      to: '2026-12-04',
    });
  });
});
