import { describe, expect, it } from 'vitest';
import {
  addDays,
  clashesOf,
  instantAt,
  localDateOf,
  localMinutesOf,
  overloadsOf,
  snapMinutes,
  weekdayOf,
  type Booking,
} from '../../../kiosk/src/desk/modules/workshop/scheduler/schedule.ts';

const TZ = 'Europe/Moscow';
const at = (hhmm: string, date = '2026-03-10') => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return instantAt(date, h * 60 + m, TZ);
};
const booking = (
  id: string,
  liftId: string,
  from: string,
  to: string,
  mechanics: string[] = [],
  status = 'booked',
): Booking => ({
  id,
  liftId,
  startsAt: at(from).toISOString(),
  endsAt: at(to).toISOString(),
  status,
  mechanics: mechanics.map((staffId) => ({ staffId, fullName: `M ${staffId}` })),
});

describe('scheduler time arithmetic', () => {
  it('turns station-local wall clock into UTC and back', () => {
    expect(instantAt('2026-03-10', 9 * 60, TZ).toISOString()).toBe('2026-03-10T06:00:00.000Z');
    expect(localMinutesOf(new Date('2026-03-10T06:30:00Z'), TZ)).toBe(9 * 60 + 30);
    expect(localDateOf(new Date('2026-03-10T22:30:00Z'), TZ)).toBe('2026-03-11');
  });

  it('keeps the wall clock across a daylight-saving change', () => {
    // Berlin moves from UTC+1 to UTC+2 on 2026-03-29.
    expect(instantAt('2026-03-28', 9 * 60, 'Europe/Berlin').toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(instantAt('2026-03-29', 9 * 60, 'Europe/Berlin').toISOString()).toBe('2026-03-29T07:00:00.000Z');
  });

  it('walks dates and weekdays, and snaps to 15-minute slots inside the grid', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(weekdayOf('2026-03-09')).toBe(1);
    expect(weekdayOf('2026-03-15')).toBe(7);
    expect(snapMinutes(9 * 60 + 7)).toBe(9 * 60);
    expect(snapMinutes(9 * 60 + 8)).toBe(9 * 60 + 15);
    expect(snapMinutes(2 * 60)).toBe(7 * 60);
    expect(snapMinutes(23 * 60)).toBe(21 * 60);
  });
});

describe('checks before saving a booking', () => {
  const bookings = [
    booking('a', 'L1', '09:00', '12:00', ['ivan']),
    booking('b', 'L2', '10:00', '11:00', ['petr']),
    booking('c', 'L1', '13:00', '14:00', [], 'cancelled'),
  ];

  it('finds the booking on the same lift in the way', () => {
    const clashes = clashesOf(
      { liftId: 'L1', startsAt: at('11:00'), endsAt: at('13:00'), mechanicIds: [] },
      bookings,
    );
    expect(clashes.map((c) => [c.kind, c.booking.id])).toEqual([['lift', 'a']]);
  });

  it('touching ends, cancelled bookings and the booking itself do not clash', () => {
    expect(
      clashesOf({ liftId: 'L1', startsAt: at('12:00'), endsAt: at('14:00'), mechanicIds: [] }, bookings),
    ).toEqual([]);
    expect(
      clashesOf(
        { id: 'a', liftId: 'L1', startsAt: at('09:30'), endsAt: at('12:30'), mechanicIds: ['ivan'] },
        bookings,
      ),
    ).toEqual([]);
  });

  it('finds a mechanic already booked on another lift', () => {
    const clashes = clashesOf(
      { liftId: 'L3', startsAt: at('10:30'), endsAt: at('11:30'), mechanicIds: ['petr'] },
      bookings,
    );
    expect(clashes).toHaveLength(1);
    expect(clashes[0]).toMatchObject({ kind: 'mechanic', staffId: 'petr', booking: { id: 'b' } });
  });

  it('warns when a mechanic’s day goes beyond the shift, or there is no shift', () => {
    const mechanics = [
      { staffId: 'ivan', fullName: 'Ivan', shifts: [{ weekday: 2, startsAt: '09:00', endsAt: '14:00' }] },
      { staffId: 'petr', fullName: 'Petr', shifts: [{ weekday: 1, startsAt: '09:00', endsAt: '18:00' }] },
    ];
    // 2026-03-10 is a Tuesday: Ivan has 3 h booked and a 5 h shift.
    const fits = overloadsOf(
      { liftId: 'L3', startsAt: at('14:00'), endsAt: at('16:00'), mechanicIds: ['ivan'] },
      bookings,
      mechanics,
      TZ,
    );
    expect(fits).toEqual([]);
    const over = overloadsOf(
      { liftId: 'L3', startsAt: at('14:00'), endsAt: at('16:15'), mechanicIds: ['ivan', 'petr'] },
      bookings,
      mechanics,
      TZ,
    );
    expect(over).toEqual([
      { staffId: 'ivan', fullName: 'Ivan', bookedSeconds: 5.25 * 3600, shiftSeconds: 5 * 3600 },
      { staffId: 'petr', fullName: 'Petr', bookedSeconds: 3.25 * 3600, shiftSeconds: 0 },
    ]);
  });
});
