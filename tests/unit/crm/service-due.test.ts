import { describe, expect, it } from 'vitest';
import {
  dailyKmRate,
  estimateServiceDue,
  pickInterval,
} from '../../../server/src/modules/crm/rules/service-due.ts';

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);
const now = day('2026-06-01');

describe('mileage rate', () => {
  it('is the slope of a straight line through the readings of the last two years', () => {
    const readings = [
      { km: 10_000, at: day('2025-06-01') },
      { km: 15_000, at: day('2025-11-28') },
      { km: 20_000, at: day('2026-05-27') },
    ];
    expect(dailyKmRate(readings, now)).toBeCloseTo(10_000 / 360, 1);
  });
  it('needs two readings a week apart, ignores old ones and never goes negative', () => {
    expect(dailyKmRate([{ km: 1, at: day('2026-05-01') }], now)).toBeNull();
    expect(
      dailyKmRate(
        [
          { km: 1, at: day('2026-05-01') },
          { km: 90, at: day('2026-05-03') },
        ],
        now,
      ),
    ).toBeNull();
    expect(
      dailyKmRate(
        [
          { km: 1, at: day('2020-05-01') },
          { km: 90, at: day('2020-09-03') },
        ],
        now,
      ),
    ).toBeNull();
    expect(
      dailyKmRate(
        [
          { km: 5000, at: day('2026-01-01') },
          { km: 4000, at: day('2026-03-01') },
        ],
        now,
      ),
    ).toBe(0);
  });
});

describe('service due estimate', () => {
  const interval = { months: 12, km: 10_000 };

  it('by mileage when the car drives a lot', () => {
    const due = estimateServiceDue({
      interval,
      lastService: { at: day('2026-01-01'), km: 50_000 },
      since: day('2024-01-01'),
      readings: [
        { km: 50_000, at: day('2026-01-01') },
        { km: 56_000, at: day('2026-03-02') }, // 100 km a day
      ],
      now,
    });
    expect(due.reason).toBe('mileage');
    expect(due.dueKm).toBe(60_000);
    expect(due.dueAt!.toISOString().slice(0, 10)).toBe('2026-04-11');
    expect(due.estimatedKmNow).toBe(65_100); // 91 days × 100 km after the last reading
  });

  it('by time when the car stands still', () => {
    const due = estimateServiceDue({
      interval,
      lastService: { at: day('2025-06-10'), km: 30_000 },
      since: day('2024-01-01'),
      readings: [
        { km: 30_000, at: day('2025-06-10') },
        { km: 31_000, at: day('2026-02-10') },
      ],
      now,
    });
    expect(due.reason).toBe('time');
    expect(due.dueAt!.toISOString().slice(0, 10)).toBe('2026-06-10');
    expect(due.byMileageAt!.getTime()).toBeGreaterThan(due.byTimeAt!.getTime());
  });

  it('counts from the first visit without a service on record; time only without readings', () => {
    const due = estimateServiceDue({
      interval,
      lastService: null,
      since: day('2025-03-31'),
      readings: [],
      now,
    });
    expect(due).toMatchObject({ reason: 'time', dueKm: null, byMileageAt: null, estimatedKmNow: null });
    expect(due.dueAt!.toISOString().slice(0, 10)).toBe('2026-03-31');
  });

  it('a mileage-only interval already passed is due when it was crossed', () => {
    const due = estimateServiceDue({
      interval: { months: null, km: 15_000 },
      lastService: { at: day('2025-12-01'), km: 100_000 },
      since: day('2020-01-01'),
      readings: [
        { km: 100_000, at: day('2025-12-01') },
        { km: 118_000, at: day('2026-05-30') },
      ],
      now,
    });
    expect(due.reason).toBe('mileage');
    expect(due.dueAt!.getTime()).toBeLessThan(day('2026-05-30').getTime());
    expect(due.byTimeAt).toBeNull();
  });

  it('nothing to say without months and without a mileage base', () => {
    expect(
      estimateServiceDue({
        interval: { months: null, km: 10_000 },
        lastService: null,
        since: now,
        readings: [],
        now,
      }).dueAt,
    ).toBeNull();
  });
});

describe('which interval applies', () => {
  const intervals = [
    { id: 'default', vehicleId: null, make: null, jobKind: 'service' },
    { id: 'kia', vehicleId: null, make: 'Kia', jobKind: 'service' },
    { id: 'car', vehicleId: 'v1', make: null, jobKind: 'service' },
    { id: 'timing', vehicleId: null, make: null, jobKind: 'timing_belt' },
  ];
  it('the vehicle’s own, then the make’s, then the default, of the same kind of work', () => {
    expect(pickInterval(intervals, { id: 'v1', make: 'Kia' }, 'service')?.id).toBe('car');
    expect(pickInterval(intervals, { id: 'v2', make: ' KIA ' }, 'service')?.id).toBe('kia');
    expect(pickInterval(intervals, { id: 'v3', make: 'Lada' }, 'service')?.id).toBe('default');
    expect(pickInterval(intervals, { id: 'v3', make: null }, 'timing_belt')?.id).toBe('timing');
    expect(pickInterval(intervals, { id: 'v3', make: null }, 'brakes')).toBeNull();
  });
});
