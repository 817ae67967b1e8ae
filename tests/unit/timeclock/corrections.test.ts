import { describe, expect, it } from 'vitest';
import { Log, run, stationModel, t } from './support.ts';

/** LABOUR.md "Corrections by the foreman": new events with a reason, never edits of the past. */

const NEXT_MORNING = '2026-11-24';

function foreman(l: Log, payload: Record<string, unknown>): Log {
  return l.add('desk', t('08:30', NEXT_MORNING), {
    reason: 'checked with the mechanic',
    by: 'foreman',
    ...payload,
  });
}

describe('foreman corrections', () => {
  it('close a session at a time: a forgotten tap-out ends where the foreman says', () => {
    const log = foreman(
      new Log()
        .place('RO1', 'L1', '08:50')
        .tap('m1', 'L1', '09:00')
        .complete('J1a', '10:00')
        .complete('J1b', '10:00'),
      {
        kind: 'correction.close_session',
        mechanicId: 'm1',
        closeAt: t('10:15'),
      },
    );
    const r = run(stationModel(), log.events);
    expect(r.sessions('m1')).toEqual(['L1 09:00–10:15 correction']);
    expect(r.intervals('m1')).toEqual([
      '09:00–10:00 productive@L1[J1a,J1b]',
      '10:00–10:15 unassigned@L1',
      '10:15–18:00 idle',
    ]);
    expect(r.day('m1').sessions[0]!.correction).toMatchObject({
      source: 'desk',
      reason: 'checked with the mechanic',
    });
    expect(r.figures.review.map((x) => x.closedBy)).toEqual(['correction']);
  });

  it('naming the session by its opening extends it past an automatic close (overtime)', () => {
    const log = foreman(new Log().place('RO2', 'L2', '13:50').tap('m2', 'L2', '14:00'), {
      kind: 'correction.close_session',
      mechanicId: 'm2',
      sessionOpenedAt: t('14:00:00.400'),
      closeAt: t('21:00'),
    });
    const r = run(stationModel(), log.events);
    expect(r.sessions('m2')).toEqual(['L2 14:00–21:00 correction']);
    expect(r.mechanic('m2').productiveSeconds).toBe(7 * 3600);
    expect(r.day('m2').presence.map((p) => [p.to, p.closedBy])).toEqual([[t('21:00'), 'auto']]);
  });

  it('without the correction the same session closes automatically at the shift end', () => {
    const r = run(stationModel(), new Log().place('RO2', 'L2', '13:50').tap('m2', 'L2', '14:00').events);
    expect(r.sessions('m2')).toEqual(['L2 14:00–18:00 auto(shift_end)']);
    expect(r.figures.review).toMatchObject([{ mechanicId: 'm2', closedBy: 'auto', autoRule: 'shift_end' }]);
  });

  it('a correction that finds no session is recorded as ignored', () => {
    const log = foreman(new Log().tap('m1', 'entrance', '09:00'), {
      kind: 'correction.close_session',
      mechanicId: 'm1',
      closeAt: t('10:00'),
    });
    const r = run(stationModel(), log.events);
    expect(r.day('m1').ignored.map((i) => i.reason)).toEqual(['no_open_session']);
  });

  it('a session closed by a real event before the corrected time stays closed there', () => {
    const log = foreman(new Log().tap('m1', 'L1', '09:00').tap('m1', 'L1', '10:00'), {
      kind: 'correction.close_session',
      mechanicId: 'm1',
      sessionOpenedAt: t('09:00'),
      closeAt: t('11:00'),
    });
    const r = run(stationModel(), log.events);
    expect(r.sessions('m1')).toEqual(['L1 09:00–10:00 tap']);
    expect(r.day('m1').ignored.map((i) => i.reason)).toEqual(['session_closed_earlier']);
  });

  it('move an interval of productive time from job A to job B', () => {
    const log = foreman(
      new Log().place('RO2', 'L2', '08:50').tap('m2', 'L2', '09:00').tap('m2', 'L2', '12:00'),
      {
        kind: 'correction.move_time',
        mechanicId: 'm2',
        fromJobId: 'J2',
        toJobId: 'J3',
        from: t('10:00'),
        to: t('11:00'),
      },
    );
    const r = run(stationModel(), log.events);
    expect(r.intervals('m2')).toEqual([
      '09:00–10:00 productive@L2[J2]',
      '10:00–11:00 productive@L2[J3]',
      '11:00–12:00 productive@L2[J2]',
      '12:00–18:00 idle',
    ]);
    expect(r.mechanic('m2').jobs.map((j) => [j.jobId, j.productiveSeconds])).toEqual([
      ['J2', 7200],
      ['J3', 3600],
    ]);
  });

  it('moving an interval onto a job already in the split merges the shares', () => {
    const log = foreman(
      new Log().place('RO1', 'L1', '08:50').tap('m1', 'L1', '09:00').tap('m1', 'L1', '10:00'),
      {
        kind: 'correction.move_time',
        mechanicId: 'm1',
        fromJobId: 'J1a',
        toJobId: 'J1b',
        from: t('09:00'),
        to: t('10:00'),
      },
    );
    expect(run(stationModel(), log.events).intervals('m1')[0]).toBe('09:00–10:00 productive@L1[J1b]');
  });

  it('move N seconds of a day from job A to job B, capped at what A had', () => {
    const base = new Log().place('RO2', 'L2', '08:50').tap('m2', 'L2', '09:00').tap('m2', 'L2', '10:00');
    foreman(base, {
      kind: 'correction.move_time',
      mechanicId: 'm2',
      fromJobId: 'J2',
      toJobId: 'J3',
      seconds: 600,
      date: '2026-11-23',
    });
    foreman(base, {
      kind: 'correction.move_time',
      mechanicId: 'm2',
      fromJobId: 'J2',
      toJobId: 'J1a',
      seconds: 3600,
      date: '2026-11-23',
    });
    const r = run(stationModel(), base.events);
    // J2 is left with nothing, so it drops out of m2's jobs.
    expect(r.mechanic('m2').jobs.map((j) => [j.jobId, j.productiveSeconds])).toEqual([
      ['J1a', 3000],
      ['J3', 600],
    ]);
    expect(r.mechanic('m2').productiveSeconds).toBe(3600);
    expect(r.day('m2').ignored.map((i) => i.reason)).toEqual(['capped_to_productive_time']);
  });

  it('a correction is a new event: the original taps and intervals are still there, derived again', () => {
    const base = new Log().tap('m1', 'L1', '09:00');
    const before = run(stationModel(), base.events);
    foreman(base, { kind: 'correction.close_session', mechanicId: 'm1', closeAt: t('12:00') });
    const after = run(stationModel(), base.events);
    expect(before.sessions('m1')).toEqual(['L1 09:00–18:00 auto(shift_end)']);
    expect(after.sessions('m1')).toEqual(['L1 09:00–12:00 correction']);
    expect(after.day('m1').taps).toEqual(before.day('m1').taps);
  });
});
