import { describe, expect, it } from 'vitest';
import { nextAllowedAt, quietUntil } from '../../../server/src/modules/notifications/rules/quiet-hours.ts';

const NIGHT = { from: '21:00', to: '09:00' };
const until = (at: string, tz: string, quiet = NIGHT) =>
  quietUntil(new Date(at), quiet, tz)?.toISOString() ?? null;

describe('quiet hours', () => {
  it.each([
    // Moscow is UTC+3 all year.
    ['an evening message waits for the morning', '2026-06-10T19:30:00Z', '2026-06-11T06:00:00.000Z'],
    ['21:00 sharp is already quiet', '2026-06-10T18:00:00Z', '2026-06-11T06:00:00.000Z'],
    ['after midnight it waits for the same morning', '2026-06-10T23:15:00Z', '2026-06-11T06:00:00.000Z'],
    ['08:59:59 still waits', '2026-06-11T05:59:59Z', '2026-06-11T06:00:00.000Z'],
    ['09:00 sharp may go', '2026-06-11T06:00:00Z', null],
    ['noon is fine', '2026-06-11T09:00:00Z', null],
    ['20:59 is fine', '2026-06-11T17:59:00Z', null],
    ['31 December night ends on 1 January', '2026-12-31T20:00:00Z', '2027-01-01T06:00:00.000Z'],
  ])('%s (Europe/Moscow)', (_name, at, expected) => {
    expect(until(at, 'Europe/Moscow')).toBe(expected);
  });

  it('a window inside one day (13:00–14:00)', () => {
    const lunch = { from: '13:00', to: '14:00' };
    expect(until('2026-06-11T10:30:00Z', 'Europe/Moscow', lunch)).toBe('2026-06-11T11:00:00.000Z');
    expect(until('2026-06-11T11:00:00Z', 'Europe/Moscow', lunch)).toBeNull();
    expect(until('2026-06-11T09:59:00Z', 'Europe/Moscow', lunch)).toBeNull();
  });

  it('no window, or from equal to to, means never quiet', () => {
    expect(quietUntil(new Date('2026-06-11T22:00:00Z'), null, 'Europe/Moscow')).toBeNull();
    expect(until('2026-06-11T22:00:00Z', 'Europe/Moscow', { from: '09:00', to: '09:00' })).toBeNull();
  });

  it('the spring-forward night is an hour shorter (Europe/Berlin, 29 March 2026)', () => {
    // 22:00 CET on the 28th; the clocks jump 02:00 → 03:00; 09:00 CEST is 07:00 UTC.
    expect(until('2026-03-28T21:00:00Z', 'Europe/Berlin')).toBe('2026-03-29T07:00:00.000Z');
    // After the jump: 04:00 CEST.
    expect(until('2026-03-29T02:00:00Z', 'Europe/Berlin')).toBe('2026-03-29T07:00:00.000Z');
  });

  it('the fall-back night is an hour longer (Europe/Berlin, 25 October 2026)', () => {
    // 22:00 CEST on the 24th; 09:00 CET is 08:00 UTC.
    expect(until('2026-10-24T20:00:00Z', 'Europe/Berlin')).toBe('2026-10-25T08:00:00.000Z');
    // Both 02:30s of the repeated hour are quiet and end at the same morning.
    expect(until('2026-10-25T00:30:00Z', 'Europe/Berlin')).toBe('2026-10-25T08:00:00.000Z');
    expect(until('2026-10-25T01:30:00Z', 'Europe/Berlin')).toBe('2026-10-25T08:00:00.000Z');
  });

  it('a window that ends inside the spring-forward gap ends when the clock jumps', () => {
    // 02:30 does not exist on 29 March 2026 in Berlin: it is read as 03:30 CEST = 01:30 UTC.
    expect(until('2026-03-28T22:00:00Z', 'Europe/Berlin', { from: '22:00', to: '02:30' })).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });

  it('works west of UTC across DST (America/New_York, 8 March 2026)', () => {
    // 22:00 EST on the 7th = 03:00 UTC on the 8th; 09:00 EDT on the 8th = 13:00 UTC.
    expect(until('2026-03-08T03:00:00Z', 'America/New_York')).toBe('2026-03-08T13:00:00.000Z');
  });

  it('nextAllowedAt is the instant itself outside the window', () => {
    const noon = new Date('2026-06-11T09:00:00Z');
    expect(nextAllowedAt(noon, NIGHT, 'Europe/Moscow')).toBe(noon);
    expect(nextAllowedAt(new Date('2026-06-11T20:00:00Z'), NIGHT, 'Europe/Moscow').toISOString()).toBe(
      '2026-06-12T06:00:00.000Z',
    );
  });
});
