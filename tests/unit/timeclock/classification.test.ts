import { describe, expect, it } from 'vitest';
import { Log, run, stationModel } from './support.ts';

/** LABOUR.md "What M's time at the lift counts as" and "Outside a lift". */

interface Case {
  name: string;
  log: (l: Log) => Log;
  mechanic?: string;
  intervals: string[];
  ignored?: string[];
}

// m1 is assigned J1a and J1b (RO1), m2 is assigned J2 (RO2), J3 (RO3) has nobody.
const cases: Case[] = [
  {
    name: "a tap starts M's planned jobs on the lift; time splits equally among M's jobs in progress",
    log: (l) =>
      l
        .place('RO1', 'L1', '08:50')
        .tap('m1', 'L1', '09:00')
        .complete('J1b', '09:30')
        .tap('m1', 'L1', '10:00'),
    intervals: ['09:00–09:30 productive@L1[J1a,J1b]', '09:30–10:00 productive@L1[J1a]', '10:00–18:00 idle'],
  },
  {
    name: "other mechanics' jobs in progress do not split M's time",
    log: (l) =>
      l
        .place('RO1', 'L1', '08:50')
        .assign('J1b', 'm2', '08:50')
        .unassign('J1b', 'm1', '08:50')
        .tap('m2', 'L1', '08:55')
        .tap('m1', 'L1', '09:00')
        .tap('m1', 'L1', '10:00'),
    intervals: ['09:00–10:00 productive@L1[J1a]', '10:00–18:00 idle'],
  },
  {
    name: 'assigned to nothing open on the order, M helps: the jobs in progress count',
    mechanic: 'm2',
    log: (l) =>
      l
        .place('RO1', 'L1', '08:50')
        .tap('m1', 'L1', '09:00')
        .tap('m2', 'L1', '09:10')
        .complete('J1a', '09:40')
        .complete('J1b', '10:00')
        .tap('m2', 'L1', '10:10'),
    intervals: [
      '09:10–09:40 productive@L1[J1a,J1b]',
      '09:40–10:00 productive@L1[J1b]',
      '10:00–10:10 unassigned@L1',
      '10:10–18:00 idle',
    ],
  },
  {
    name: "a helper's tap does not start planned jobs that are not theirs",
    mechanic: 'm2',
    log: (l) => l.place('RO1', 'L1', '08:50').tap('m2', 'L1', '09:00').tap('m2', 'L1', '09:30'),
    intervals: ['09:00–09:30 unassigned@L1', '09:30–18:00 idle'],
  },
  {
    name: 'no order on the lift: unassigned',
    log: (l) => l.tap('m1', 'L2', '09:00').tap('m1', 'L2', '09:30'),
    intervals: ['09:00–09:30 unassigned@L2', '09:30–18:00 idle'],
  },
  {
    name: 'parts: the wait opens on pause and closes when the parts are issued',
    log: (l) =>
      l
        .place('RO2', 'L2', '08:50')
        .tap('m2', 'L2', '09:00')
        .pause('J2', 'parts', '09:30')
        .partsIssued('J2', '10:15')
        .tap('m2', 'L2', '11:00'),
    mechanic: 'm2',
    intervals: [
      '09:00–09:30 productive@L2[J2]',
      '09:30–10:15 waiting:parts@L2[J2]',
      '10:15–11:00 productive@L2[J2]',
      '11:00–18:00 idle',
    ],
  },
  {
    name: "approval: the wait closes with the customer's decision",
    log: (l) =>
      l
        .place('RO2', 'L2', '08:50')
        .tap('m2', 'L2', '09:00')
        .pause('J2', 'approval', '09:30')
        .approval('J2', 'approved', '09:50')
        .tap('m2', 'L2', '10:00'),
    mechanic: 'm2',
    intervals: [
      '09:00–09:30 productive@L2[J2]',
      '09:30–09:50 waiting:approval@L2[J2]',
      '09:50–10:00 productive@L2[J2]',
      '10:00–18:00 idle',
    ],
  },
  {
    name: 'tool, lift and other waits close on resume',
    log: (l) =>
      l
        .place('RO2', 'L2', '08:50')
        .tap('m2', 'L2', '09:00')
        .pause('J2', 'tool', '09:10')
        .resume('J2', '09:20')
        .pause('J2', 'lift', '09:30')
        .resume('J2', '09:40')
        .pause('J2', 'other', '09:50')
        .resume('J2', '10:00')
        .tap('m2', 'L2', '10:10'),
    mechanic: 'm2',
    intervals: [
      '09:00–09:10 productive@L2[J2]',
      '09:10–09:20 waiting:tool@L2[J2]',
      '09:20–09:30 productive@L2[J2]',
      '09:30–09:40 waiting:lift@L2[J2]',
      '09:40–09:50 productive@L2[J2]',
      '09:50–10:00 waiting:other@L2[J2]',
      '10:00–10:10 productive@L2[J2]',
      '10:10–18:00 idle',
    ],
  },
  {
    name: 'issuing parts does not close an approval wait (recorded as ignored)',
    log: (l) =>
      l
        .place('RO2', 'L2', '08:50')
        .tap('m2', 'L2', '09:00')
        .pause('J2', 'approval', '09:30')
        .partsIssued('J2', '09:40')
        .tap('m2', 'L2', '10:00'),
    mechanic: 'm2',
    intervals: ['09:00–09:30 productive@L2[J2]', '09:30–10:00 waiting:approval@L2[J2]', '10:00–18:00 idle'],
    ignored: ['parts.issued:no_parts_wait'],
  },
  {
    name: 'a changed reason replaces the wait (parts, then approval)',
    log: (l) =>
      l
        .place('RO2', 'L2', '08:50')
        .tap('m2', 'L2', '09:00')
        .pause('J2', 'parts', '09:10')
        .pause('J2', 'approval', '09:20')
        .approval('J2', 'approved', '09:30')
        .tap('m2', 'L2', '09:40'),
    mechanic: 'm2',
    intervals: [
      '09:00–09:10 productive@L2[J2]',
      '09:10–09:20 waiting:parts@L2[J2]',
      '09:20–09:30 waiting:approval@L2[J2]',
      '09:30–09:40 productive@L2[J2]',
      '09:40–18:00 idle',
    ],
  },
  {
    name: 'a job in progress makes the time productive even while another of M’s jobs waits',
    log: (l) =>
      l
        .place('RO1', 'L1', '08:50')
        .tap('m1', 'L1', '09:00')
        .pause('J1b', 'parts', '09:10')
        .tap('m1', 'L1', '09:40'),
    intervals: ['09:00–09:10 productive@L1[J1a,J1b]', '09:10–09:40 productive@L1[J1a]', '09:40–18:00 idle'],
  },
  {
    name: 'with several waits, the time waits on the one opened earliest',
    log: (l) =>
      l
        .place('RO1', 'L1', '08:50')
        .tap('m1', 'L1', '09:00')
        .pause('J1b', 'approval', '09:10')
        .pause('J1a', 'parts', '09:20')
        .approval('J1b', 'approved', '09:40')
        .tap('m1', 'L1', '10:00'),
    intervals: [
      '09:00–09:10 productive@L1[J1a,J1b]',
      '09:10–09:20 productive@L1[J1a]',
      '09:20–09:40 waiting:approval@L1[J1b]',
      '09:40–10:00 productive@L1[J1b]',
      '10:00–18:00 idle',
    ],
  },
  {
    name: 'parts requested before the job started: issuing them returns the job to planned',
    log: (l) =>
      l
        .place('RO2', 'L2', '08:50')
        .pause('J2', 'parts', '08:55')
        .tap('m2', 'L2', '09:00')
        .partsIssued('J2', '09:30')
        .start('J2', '09:45')
        .tap('m2', 'L2', '10:00'),
    mechanic: 'm2',
    intervals: [
      '09:00–09:30 waiting:parts@L2[J2]',
      '09:30–09:45 unassigned@L2',
      '09:45–10:00 productive@L2[J2]',
      '10:00–18:00 idle',
    ],
  },
  {
    name: 'a declined approval of a line that never started declines it',
    log: (l) =>
      l
        .place('RO1', 'L1', '08:50')
        .pause('J1b', 'approval', '08:55')
        .tap('m1', 'L1', '09:00')
        .approval('J1b', 'declined', '09:30')
        .tap('m1', 'L1', '10:00'),
    intervals: ['09:00–10:00 productive@L1[J1a]', '10:00–18:00 idle'],
  },
  {
    name: 'outside a lift: waiting:lift while the car is on site and its planned lift holds another order',
    mechanic: 'm2',
    log: (l) =>
      l
        .place('RO3', 'L2', '08:30')
        .tap('m2', 'entrance', '09:00')
        .arrive('RO2', 'L2', '09:30')
        .unplace('RO3', '10:15')
        .place('RO2', 'L2', '10:20')
        .tap('m2', 'L2', '10:25')
        .tap('m2', 'L2', '11:00')
        .tap('m2', 'entrance', '11:05'),
    intervals: [
      '09:00–09:30 idle',
      '09:30–10:15 waiting:lift[J2]',
      '10:15–10:25 idle',
      '10:25–11:00 productive@L2[J2]',
      '11:00–11:05 idle',
    ],
  },
  {
    name: 'outside a lift: a job paused for a lift makes idle time waiting:lift',
    mechanic: 'm2',
    log: (l) =>
      l
        .place('RO2', 'L2', '08:50')
        .tap('m2', 'L2', '09:00')
        .pause('J2', 'lift', '09:30')
        .tap('m2', 'L2', '09:35')
        .resume('J2', '10:00')
        .tap('m2', 'entrance', '10:30'),
    intervals: [
      '09:00–09:30 productive@L2[J2]',
      '09:30–09:35 waiting:lift@L2[J2]',
      '09:35–10:00 waiting:lift[J2]',
      '10:00–10:30 idle',
    ],
  },
  {
    name: 'outside a lift with no car of M on site: idle, breaks are breaks',
    mechanic: 'm2',
    log: (l) =>
      l
        .tap('m2', 'entrance', '09:00')
        .breakStart('m2', '12:00')
        .breakEnd('m2', '12:30')
        .tap('m2', 'entrance', '13:00'),
    intervals: ['09:00–12:00 idle', '12:00–12:30 break', '12:30–13:00 idle'],
  },
  {
    name: "an assignment during the session changes M's set at once",
    log: (l) =>
      l
        .place('RO3', 'L3', '08:50')
        .start('J3', '08:55')
        .tap('m1', 'L3', '09:00')
        .assign('J3', 'm1', '09:30')
        .complete('J3', '10:00')
        .tap('m1', 'L3', '10:05'),
    intervals: ['09:00–10:00 productive@L3[J3]', '10:00–10:05 unassigned@L3', '10:05–18:00 idle'],
  },
  {
    name: 'a car taken off the lift leaves the mechanics there unassigned',
    log: (l) =>
      l.place('RO1', 'L1', '08:50').tap('m1', 'L1', '09:00').unplace('RO1', '09:30').tap('m1', 'L1', '09:40'),
    intervals: ['09:00–09:30 productive@L1[J1a,J1b]', '09:30–09:40 unassigned@L1', '09:40–18:00 idle'],
  },
];

describe('what the time counts as', () => {
  it.each(cases)('$name', (c) => {
    const r = run(stationModel(), c.log(new Log()).events);
    expect(r.intervals(c.mechanic ?? 'm1')).toEqual(c.intervals);
    if (c.ignored) {
      const ignored = r.derivation.stationDays.flatMap((d) => d.ignored).map((i) => `${i.kind}:${i.reason}`);
      expect(ignored).toEqual(c.ignored);
    }
  });

  it("a mechanic's job times never add up to more than the time at the lift", () => {
    const log = new Log()
      .place('RO1', 'L1', '08:50')
      .tap('m1', 'L1', '09:00:00')
      .complete('J1a', '09:00:07')
      .tap('m1', 'L1', '09:00:10');
    const r = run(stationModel(), log.events);
    const m1 = r.mechanic('m1');
    // 7 s split in two, then 3 s on J1b alone: 3.5 + 6.5 = 10, rounded to whole seconds that still sum to 10.
    expect(m1.productiveSeconds).toBe(10);
    expect(m1.jobs.map((j) => [j.jobId, j.productiveSeconds])).toEqual([
      ['J1a', 4],
      ['J1b', 6],
    ]);
  });

  it('each second splits exactly among three jobs; the figures add up to the productive time', () => {
    const model = stationModel();
    model.orders[0]!.jobs.push({ id: 'J1c', orderId: 'RO1', normSeconds: 600, assignees: ['m1'] });
    const log = new Log().place('RO1', 'L1', '08:50').tap('m1', 'L1', '09:00:00').tap('m1', 'L1', '09:00:10');
    const m1 = run(model, log.events).mechanic('m1');
    expect(m1.productiveSeconds).toBe(10);
    expect(m1.jobs.reduce((s, j) => s + j.productiveSeconds, 0)).toBe(10);
    expect(m1.jobs.map((j) => j.productiveSeconds).sort()).toEqual([3, 3, 4]);
  });

  it('waiting time is counted per reason for the mechanic and per job', () => {
    const log = new Log()
      .place('RO2', 'L2', '08:50')
      .tap('m2', 'L2', '09:00')
      .pause('J2', 'parts', '09:30')
      .partsIssued('J2', '10:00')
      .pause('J2', 'tool', '10:10')
      .resume('J2', '10:15')
      .tap('m2', 'L2', '10:30')
      .tap('m2', 'entrance', '10:45');
    const r = run(stationModel(), log.events);
    const m2 = r.mechanic('m2');
    expect(m2.waitingSeconds).toEqual({ parts: 1800, approval: 0, tool: 300, lift: 0, other: 0 });
    expect(m2.productiveSeconds).toBe(1800 + 600 + 900);
    expect(m2.idleSeconds).toBe(900);
    const j2 = r.figures.jobs.find((j) => j.jobId === 'J2')!;
    expect(j2.mechanicWaitingSeconds).toEqual({ parts: 1800, approval: 0, tool: 300, lift: 0, other: 0 });
    expect(j2.waitElapsedSeconds).toEqual({ parts: 1800, approval: 0, tool: 300, lift: 0, other: 0 });
  });

  it("a job's own wait is counted even while nobody waits at the lift", () => {
    const log = new Log()
      .place('RO2', 'L2', '08:50')
      .tap('m2', 'L2', '09:00')
      .pause('J2', 'parts', '09:30')
      .tap('m2', 'L2', '09:40')
      .partsIssued('J2', '11:00');
    const j2 = run(stationModel(), log.events).figures.jobs.find((j) => j.jobId === 'J2')!;
    expect(j2.mechanicWaitingSeconds.parts).toBe(600);
    expect(j2.waitElapsedSeconds.parts).toBe(5400);
  });

  it('present = break + productive + waiting + unassigned + idle, for every mechanic', () => {
    const log = new Log()
      .place('RO1', 'L1', '08:50')
      .place('RO2', 'L2', '08:50')
      .tap('m1', 'L1', '09:00')
      .tap('m2', 'L2', '09:05')
      .pause('J1a', 'approval', '09:30')
      .breakStart('m2', '12:00')
      .breakEnd('m2', '12:40')
      .approval('J1a', 'approved', '13:00')
      .tap('m1', 'L2', '14:00')
      .complete('J2', '15:00');
    for (const m of run(stationModel(), log.events).figures.mechanics) {
      const waiting = Object.values(m.waitingSeconds).reduce((a, b) => a + b, 0);
      expect(m.presentSeconds).toBe(
        m.breakSeconds + m.productiveSeconds + waiting + m.unassignedSeconds + m.idleSeconds,
      );
      expect(m.availableSeconds).toBe(m.presentSeconds - m.breakSeconds);
    }
  });
});
