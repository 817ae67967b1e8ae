import { describe, expect, it } from 'vitest';
import {
  DayCalendar,
  addDays,
  instantOfLocalTime,
  isValidTimeZone,
  localDateOf,
  localDateTimeOf,
  offsetAt,
  startOfLocalDay,
  weekdayOf,
} from '../../../server/src/modules/timeclock/engine/tz.ts';

/** The station-local calendar: "a day" in the station's IANA zone, DST days included. */

const iso = (s: string) => Date.parse(s);

describe('time zone helper', () => {
  it.each([
    { zone: 'Europe/Moscow', date: '2026-11-23', time: '09:00', utc: '2026-11-23T06:00:00Z' },
    { zone: 'Europe/Berlin', date: '2026-03-29', time: '01:59', utc: '2026-03-29T00:59:00Z' },
    { zone: 'Europe/Berlin', date: '2026-03-29', time: '03:00', utc: '2026-03-29T01:00:00Z' },
    // 02:30 does not exist on the spring-forward day: it moves forward by the gap, to 03:30 CEST.
    { zone: 'Europe/Berlin', date: '2026-03-29', time: '02:30', utc: '2026-03-29T01:30:00Z' },
    // 02:30 exists twice on the fall-back day: the earlier (CEST) one.
    { zone: 'Europe/Berlin', date: '2026-10-25', time: '02:30', utc: '2026-10-25T00:30:00Z' },
    { zone: 'America/New_York', date: '2026-03-08', time: '02:30', utc: '2026-03-08T07:30:00Z' },
    { zone: 'America/New_York', date: '2026-11-01', time: '01:30', utc: '2026-11-01T05:30:00Z' },
    { zone: 'Asia/Kolkata', date: '2026-06-01', time: '00:00', utc: '2026-05-31T18:30:00Z' },
    { zone: 'UTC', date: '2026-06-01', time: '24:00', utc: '2026-06-02T00:00:00Z' },
  ])('$date $time in $zone is $utc', ({ zone, date, time, utc }) => {
    expect(new Date(instantOfLocalTime(date, time, zone)).toISOString()).toBe(new Date(utc).toISOString());
  });

  it.each([
    { zone: 'Europe/Berlin', date: '2026-03-29', hours: 23 },
    { zone: 'Europe/Berlin', date: '2026-10-25', hours: 25 },
    { zone: 'Europe/Berlin', date: '2026-07-01', hours: 24 },
    { zone: 'America/New_York', date: '2026-03-08', hours: 23 },
    { zone: 'America/New_York', date: '2026-11-01', hours: 25 },
    { zone: 'Europe/Moscow', date: '2026-03-29', hours: 24 },
  ])('$date in $zone lasts $hours hours', ({ zone, date, hours }) => {
    expect((startOfLocalDay(addDays(date, 1), zone) - startOfLocalDay(date, zone)) / 3_600_000).toBe(hours);
    const cal = new DayCalendar(zone, date, date);
    expect((cal.dayEnd(0) - cal.dayStart(0)) / 3_600_000).toBe(hours);
  });

  it('offsets and local dates follow the zone', () => {
    expect(offsetAt(iso('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toBe(2 * 3_600_000);
    expect(offsetAt(iso('2026-01-01T12:00:00Z'), 'Europe/Berlin')).toBe(3_600_000);
    expect(localDateOf(iso('2026-11-22T21:30:00Z'), 'Europe/Moscow')).toBe('2026-11-23');
    expect(localDateOf(iso('2026-11-22T21:30:00Z'), 'America/New_York')).toBe('2026-11-22');
    expect(localDateTimeOf(iso('2026-10-25T00:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25T02:30:00');
    expect(localDateTimeOf(iso('2026-10-25T01:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25T02:30:00');
  });

  it('weekdays and date arithmetic are calendar-only (no zone)', () => {
    expect(weekdayOf('2026-11-23')).toBe(1);
    expect(weekdayOf('2026-11-29')).toBe(7);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('the day calendar finds the day of any instant, also across a DST change', () => {
    const cal = new DayCalendar('Europe/Berlin', '2026-10-24', '2026-10-26');
    expect(cal.dateOf(iso('2026-10-24T21:59:59Z'))).toBe('2026-10-24');
    expect(cal.dateOf(iso('2026-10-24T22:00:00Z'))).toBe('2026-10-25');
    expect(cal.dateOf(iso('2026-10-25T22:59:59Z'))).toBe('2026-10-25');
    expect(cal.dateOf(iso('2026-10-25T23:00:00Z'))).toBe('2026-10-26');
    expect(cal.indexOf(iso('2026-10-27T12:00:00Z'))).toBe(-1);
  });

  it.each(['Europe/Berlin', 'America/St_Johns', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham'])(
    'local dates from the cached quarter-hour offsets equal Intl around every transition (%s)',
    (zone) => {
      const format = new Intl.DateTimeFormat('en-CA', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
      const intlDate = (t: number) => format.format(new Date(t));
      // Two years minute by minute around midnights and transitions would be slow: every 7 minutes
      // plus each instant a second either side of every quarter hour of the transition days.
      const from = iso('2025-01-01T00:00:00Z');
      const to = iso('2027-01-01T00:00:00Z');
      const wrong: number[] = [];
      for (let t = from; t < to; t += 7 * 60_000) if (localDateOf(t, zone) !== intlDate(t)) wrong.push(t);
      for (let t = from; t < to; t += 3_600_000) {
        if (offsetAt(t, zone) === offsetAt(t + 3_600_000, zone)) continue;
        for (let q = t; q <= t + 3_600_000; q += 15 * 60_000)
          for (const d of [-1000, 0, 1000])
            if (localDateOf(q + d, zone) !== intlDate(q + d)) wrong.push(q + d);
      }
      expect(wrong.map((t) => new Date(t).toISOString())).toEqual([]);
    },
  );

  it('knows a zone from a typo', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Europe/Berlim')).toBe(false);
  });
});
