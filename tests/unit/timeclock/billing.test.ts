import { describe, expect, it } from 'vitest';
import { apportion, ratio } from '../../../server/src/modules/timeclock/engine/index.ts';
import { Log, run, stationModel } from './support.ts';

/** LABOUR.md "Figures": billed seconds, the three ratios, and exact integer totals. */

describe('largest-remainder apportionment', () => {
  it.each([
    { total: 3600, weights: [1, 1, 1], shares: [1200, 1200, 1200] },
    { total: 100, weights: [1, 1, 1], shares: [34, 33, 33] },
    { total: 10, weights: [3, 3, 4], shares: [3, 3, 4] },
    { total: 7, weights: [1, 2], shares: [2, 5] },
    { total: 5, weights: [0, 0], shares: [0, 0] },
    { total: 0, weights: [5, 3], shares: [0, 0] },
    { total: 1, weights: [1, 1], shares: [1, 0] },
    { total: 9_999, weights: [27_720 * 3, 27_720 * 7, 1], shares: [3000, 6999, 0] },
  ])('$total over $weights → $shares', ({ total, weights, shares }) => {
    const out = apportion(total, weights);
    expect(out).toEqual(shares);
    expect(out.reduce((a, b) => a + b, 0)).toBe(weights.some((w) => w > 0) ? total : 0);
  });

  it('always sums exactly, whatever the weights (1000 random cases)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 1000; i++) {
      const weights = Array.from({ length: 1 + Math.floor(random() * 6) }, () => Math.floor(random() * 1e9));
      const total = Math.floor(random() * 100_000);
      const out = apportion(total, weights);
      if (weights.some((w) => w > 0)) expect(out.reduce((a, b) => a + b, 0)).toBe(total);
      out.forEach((share, k) =>
        expect(Math.abs(share - (total * weights[k]!) / weights.reduce((a, b) => a + b, 0))).toBeLessThan(1),
      );
    }
  });
});

describe('billed seconds', () => {
  it("a completed job's norm is shared in proportion to productive time, exactly", () => {
    // J3 (norm 7200) worked by m1 for 40 min, m2 for 20 and m3 for 10: 7200 × 4/7, 2/7, 1/7 = 4114.29,
    // 2057.14, 1028.57 — the spare second goes to the largest remainder (m3).
    const log = new Log()
      .place('RO3', 'L3', '08:50')
      .start('J3', '09:00')
      .tap('m1', 'L3', '09:00')
      .tap('m2', 'L3', '09:20')
      .tap('m3', 'L3', '09:30')
      .complete('J3', '09:40')
      .tap('m1', 'L3', '09:45')
      .tap('m2', 'L3', '09:45')
      .tap('m3', 'L3', '09:45');
    const r = run(stationModel(), log.events);
    const job = r.figures.jobs.find((j) => j.jobId === 'J3')!;
    expect(job.productiveByMechanic).toEqual({ m1: 2400, m2: 1200, m3: 600 });
    expect(job.billedByMechanic).toEqual({ m1: 4114, m2: 2057, m3: 1029 });
    expect(Object.values(job.billedByMechanic).reduce((a, b) => a + b, 0)).toBe(7200);
    expect(job.actualSeconds).toBe(4200);
    expect(job.actualMinusNormSeconds).toBe(-3000);
  });

  it('a job not completed in the period is not billed; a job nobody worked on stays unbilled', () => {
    const log = new Log()
      .place('RO1', 'L1', '08:50')
      .tap('m1', 'L1', '09:00')
      .complete('J2', '09:10')
      .tap('m1', 'L1', '10:00');
    const r = run(stationModel(), log.events);
    expect(r.mechanic('m1').billedSeconds).toBe(0);
    const j2 = r.figures.jobs.find((j) => j.jobId === 'J2')!;
    expect(j2.billedByMechanic).toEqual({});
    expect(j2.unbilledSeconds).toBe(3600);
  });

  it('billed time lands on the day of completion, with shares from the whole life of the job', () => {
    const d1 = new Log('2026-11-23')
      .place('RO2', 'L2', '08:50')
      .tap('m2', 'L2', '09:00')
      .tap('m2', 'L2', '10:00');
    const d2 = new Log('2026-11-24')
      .tap('m1', 'L2', '09:00')
      .complete('J2', '10:00')
      .tap('m1', 'L2', '10:00');
    const events = [...d1.events, ...d2.events.map((e) => ({ ...e, seq: e.seq + 100 }))];
    const r = run(stationModel(), events, { from: '2026-11-23', to: '2026-11-24' });
    const j2 = r.figures.jobs.find((j) => j.jobId === 'J2')!;
    expect(j2.billedByMechanic).toEqual({ m1: 1800, m2: 1800 });
    // m1 only helped (J2 is m2's job): helping time counts for the share too.
    expect(r.mechanic('m1').billedSeconds).toBe(1800);
  });

  it('ratios: efficiency = billed/productive, productivity = productive/available, proficiency = billed/available', () => {
    const log = new Log()
      .tap('m2', 'entrance', '09:00')
      .place('RO2', 'L2', '09:00')
      .tap('m2', 'L2', '10:00')
      .complete('J2', '11:30')
      .tap('m2', 'L2', '11:30')
      .tap('m2', 'entrance', '13:00');
    const m2 = run(stationModel(), log.events).mechanic('m2');
    expect([m2.availableSeconds, m2.productiveSeconds, m2.billedSeconds]).toEqual([4 * 3600, 5400, 3600]);
    expect(m2.efficiency).toBe(0.6667);
    expect(m2.productivity).toBe(0.375);
    expect(m2.proficiency).toBe(0.25);
  });

  it('ratios are null when their denominator is 0', () => {
    expect(ratio(5, 0)).toBeNull();
    const m1 = run(
      stationModel(),
      new Log().tap('m1', 'entrance', '09:00').tap('m1', 'entrance', '09:30').events,
    ).mechanic('m1');
    expect(m1.productiveSeconds).toBe(0);
    expect(m1.efficiency).toBeNull();
    expect(m1.productivity).toBe(0);
    const absent = run(
      stationModel(),
      new Log().tap('m1', 'entrance', '09:00').tap('m1', 'entrance', '09:30').events,
    ).mechanic('m2');
    expect(absent.availableSeconds).toBe(0);
    expect([absent.productivity, absent.proficiency, absent.efficiency]).toEqual([null, null, null]);
  });
});
