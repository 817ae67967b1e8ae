import { describe, expect, it } from 'vitest';
import {
  appointmentChangeProblem,
  bookingRangeProblem,
  liftTakesJobKinds,
  overloadWarnings,
  shiftSeconds,
  suggestedDurationSeconds,
} from '../../../server/src/modules/scheduler/rules/booking.ts';
import {
  addDays,
  isIsoDate,
  localDate,
  weekStart,
} from '../../../server/src/modules/scheduler/rules/local-days.ts';

describe('suggested duration', () => {
  it.each([
    [0, 1800],
    [600, 1800],
    [1800, 1800],
    [1801, 2700],
    [5400, 5400],
    [5401, 6300],
  ])('%i s of norm time → %i s', (norm, expected) => {
    expect(suggestedDurationSeconds(norm)).toBe(expected);
  });
});

describe('booking ranges', () => {
  const at = (iso: string) => new Date(iso);
  it.each([
    ['2026-11-23T09:00:00Z', '2026-11-23T08:00:00Z', /end after/],
    ['2026-11-23T09:00:00Z', '2026-11-23T09:00:00Z', /end after/],
    ['2026-11-23T09:00:00Z', '2026-11-23T09:04:00Z', /5 minutes/],
    ['2026-11-23T09:00:00Z', '2026-12-23T09:00:00Z', /14 days/],
    ['2026-11-23T09:00:00Z', '2026-11-23T10:30:00Z', null],
  ])('%s – %s', (from, to, expected) => {
    const problem = bookingRangeProblem(at(from), at(to));
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});

describe('overload warnings', () => {
  const base = { staffId: 's1', staffName: 'Ivan', date: '2026-11-23' };
  it('warns beyond the shift and off shift, never within it', () => {
    expect(overloadWarnings([{ ...base, bookedSeconds: 8 * 3600, shiftSeconds: 8 * 3600 }])).toEqual([]);
    const over = overloadWarnings([{ ...base, bookedSeconds: 9 * 3600, shiftSeconds: 8 * 3600 }]);
    expect(over).toHaveLength(1);
    expect(over[0]).toMatchObject({
      code: 'mechanic_overloaded',
      bookedSeconds: 32_400,
      shiftSeconds: 28_800,
    });
    expect(over[0]!.message).toContain('9 h');
    const off = overloadWarnings([{ ...base, bookedSeconds: 3600, shiftSeconds: null }]);
    expect(off[0]).toMatchObject({ code: 'mechanic_off_shift', shiftSeconds: 0 });
    expect(overloadWarnings([{ ...base, bookedSeconds: 0, shiftSeconds: null }])).toEqual([]);
  });
});

describe('lift job kinds', () => {
  it('a lift with no list takes anything; otherwise names what it cannot take', () => {
    expect(liftTakesJobKinds([], ['alignment'])).toEqual([]);
    expect(liftTakesJobKinds(['alignment', 'tyres'], ['alignment', 'engine', 'engine'])).toEqual(['engine']);
  });
});

describe('appointment changes', () => {
  it.each([
    ['booked', 'move', null],
    ['arrived', 'move', null],
    ['cancelled', 'move', /cannot be moved/],
    ['booked', 'cancel', null],
    ['no_show', 'cancel', /cannot be cancelled/],
    ['booked', 'no_show', null],
    ['arrived', 'no_show', /no-show/],
    ['booked', 'arrive', null],
    ['completed', 'arrive', /arrived/],
    ['arrived', 'complete', null],
    ['cancelled', 'complete', /cannot be completed/],
  ] as const)('%s: %s', (status, change, expected) => {
    const problem = appointmentChangeProblem(status, change);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});

describe('station days', () => {
  it('validates dates and does calendar arithmetic', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-1-1')).toBe(false);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(weekStart('2026-11-22')).toBe('2026-11-16'); // a Sunday → its Monday
    expect(weekStart('2026-11-23')).toBe('2026-11-23');
  });
  it('takes the local date in the station zone', () => {
    expect(localDate(new Date('2026-11-22T22:30:00Z'), 'Europe/Moscow')).toBe('2026-11-23');
    expect(localDate(new Date('2026-11-22T22:30:00Z'), 'UTC')).toBe('2026-11-22');
  });
  it('shift lengths from local times', () => {
    expect(shiftSeconds('09:00', '18:00')).toBe(32_400);
    expect(shiftSeconds('08:30:00', '17:00:00')).toBe(30_600);
  });
});
