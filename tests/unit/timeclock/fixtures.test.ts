import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseScenario,
  type LabourEvent,
  type Scenario,
} from '../../../server/src/modules/timeclock/engine/index.ts';
import { replay, type ReplayOutput } from '../../../server/src/modules/timeclock/engine/replay.ts';

/**
 * Every example scenario of tests/fixtures/labour runs through the replay code. Where a
 * `<name>.expected.json` sits next to a scenario (reviewed by hand, figure by figure), the output must
 * equal it; the other scenarios are checked for the figures that make their point.
 */

const DIR = join(import.meta.dirname, '../../fixtures/labour');
const scenarios = readdirSync(DIR)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))
  .sort();

function load(file: string): Scenario {
  const parsed = parseScenario(JSON.parse(readFileSync(join(DIR, file), 'utf8')));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.error}`);
  return parsed.scenario;
}

const mechanic = (out: ReplayOutput, id: string) => out.figures.mechanics.find((m) => m.mechanicId === id)!;
const lift = (out: ReplayOutput, id: string) => out.figures.lifts.find((l) => l.liftId === id)!;

/** What each scenario without an expected file is about, in figures computed by hand. */
const keyFigures: Record<string, (out: ReplayOutput) => void> = {
  'tap-at-another-lift.json': (out) => {
    expect(mechanic(out, 'm1')).toMatchObject({
      productiveSeconds: 8700,
      unassignedSeconds: 660,
      billedSeconds: 5423,
    });
    expect(mechanic(out, 'm2')).toMatchObject({ productiveSeconds: 7080, billedSeconds: 3577 });
    expect(out.figures.jobs.find((j) => j.jobId === 'J2')!.billedByMechanic).toEqual({ m1: 1209, m2: 2391 });
    expect(out.figures.rejectedTaps.map((r) => r.reason)).toEqual([
      'duplicate',
      'unknown_badge',
      'unbound_reader',
    ]);
  },
  'bay-free-and-auto-close.json': (out) => {
    expect(out.figures.review).toMatchObject([
      { mechanicId: 'm2', liftId: 'L2', closedBy: 'auto', autoRule: 'shift_end' },
    ]);
    expect(mechanic(out, 'm2')).toMatchObject({
      presentSeconds: 30600,
      unassignedSeconds: 21600,
      autoClosedSessions: 1,
    });
    expect(mechanic(out, 'm1')).toMatchObject({ presentSeconds: 33600, productiveSeconds: 9600 });
    expect(lift(out, 'L1')).toMatchObject({ untrackedSeconds: 1200, workedSeconds: 10200 });
  },
  'dst-berlin-fall-back.json': (out) => {
    expect(mechanic(out, 'm1')).toMatchObject({
      scheduledSeconds: 32400,
      presentSeconds: 32700,
      productiveSeconds: 21600,
      idleSeconds: 7500,
    });
    expect(mechanic(out, 'm1').waitingSeconds.parts).toBe(3600);
    expect(lift(out, 'L1').openSeconds).toBe(45000);
  },
  'dst-new-york-spring-forward.json': (out) => {
    expect(mechanic(out, 'm1')).toMatchObject({
      scheduledSeconds: 25200,
      presentSeconds: 25500,
      productiveSeconds: 22200,
    });
    expect(mechanic(out, 'm1').waitingSeconds.other).toBe(1200);
    expect(lift(out, 'L1')).toMatchObject({
      openSeconds: 39600,
      occupiedSeconds: 16500,
      workedSeconds: 23400,
    });
  },
  'clock-skew-replay.json': (out) => {
    expect(mechanic(out, 'm1')).toMatchObject({
      presentSeconds: 28920,
      productiveSeconds: 11100,
      unassignedSeconds: 300,
      idleSeconds: 17520,
    });
    expect(lift(out, 'L1')).toMatchObject({
      occupiedSeconds: 10020,
      workedSeconds: 11400,
      untrackedSeconds: 1800,
    });
  },
  'corrections.json': (out) => {
    expect(mechanic(out, 'm1').jobs).toEqual([
      { jobId: 'J1', productiveSeconds: 9000, billedSeconds: 7200 },
      { jobId: 'J3', productiveSeconds: 1800, billedSeconds: 1800 },
    ]);
    expect(mechanic(out, 'm2')).toMatchObject({ presentSeconds: 25200, productiveSeconds: 24900 });
    expect(mechanic(out, 'm2').jobs.map((j) => [j.jobId, j.productiveSeconds])).toEqual([
      ['J2', 21300],
      ['J4', 3600],
    ]);
    expect(out.figures.review.map((r) => r.closedBy)).toEqual(['correction', 'correction']);
  },
};

describe('example scenarios', () => {
  it('there are at least six, and each has an expected output or hand-computed key figures', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(6);
    for (const file of scenarios) {
      const hasExpected = existsSync(join(DIR, file.replace(/\.json$/, '.expected.json')));
      expect(hasExpected || file in keyFigures, file).toBe(true);
    }
    expect(
      scenarios.filter((f) => existsSync(join(DIR, f.replace(/\.json$/, '.expected.json')))).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it.each(scenarios)('%s replays to its figures', (file) => {
    const out = replay(load(file));
    const expectedFile = join(DIR, file.replace(/\.json$/, '.expected.json'));
    if (existsSync(expectedFile))
      expect(JSON.parse(JSON.stringify(out))).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
    keyFigures[file]?.(out);
    for (const m of out.figures.mechanics) {
      const waiting = Object.values(m.waitingSeconds).reduce((a, b) => a + b, 0);
      expect(m.presentSeconds, `${file} ${m.mechanicId}`).toBe(
        m.breakSeconds + m.productiveSeconds + waiting + m.unassignedSeconds + m.idleSeconds,
      );
      expect(m.jobs.reduce((s, j) => s + j.productiveSeconds, 0)).toBe(m.productiveSeconds);
    }
    for (const job of out.figures.jobs) {
      const billed = Object.values(job.billedByMechanic).reduce((a, b) => a + b, 0);
      if (job.state === 'done' && job.completedAt) expect(billed + job.unbilledSeconds).toBe(job.normSeconds);
    }
  });

  it('the skewed, late and doubled bridge events give the figures of the true times', () => {
    const skewed = load('clock-skew-replay.json');
    // The truth: b1's clock was 10 minutes slow; the gate's was right. One copy of each event.
    const seen = new Set<string>();
    const truth: LabourEvent[] = [];
    for (const e of skewed.events) {
      const key = `${e.source}#${e.seq}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (!('raw' in e) || !e.raw) truth.push(e);
      else {
        const { raw: _raw, ...rest } = e;
        truth.push({ ...rest, at: e.raw.at + (e.source === 'bridge:b1' ? 600_000 : 0) } as LabourEvent);
      }
    }
    expect(replay({ ...skewed, events: truth }).figures).toEqual(replay(skewed).figures);
  });

  it('a period option narrows the figures, not the derivation (billing still sees the whole job)', () => {
    const out = replay(load('normal-day.json'), {
      from: '2026-11-23',
      to: '2026-11-23',
      daily: true,
      details: true,
    });
    expect(out.figures.mechanics[0]!.daily).toHaveLength(1);
    expect(out.details!.map((d) => d.mechanicId)).toEqual(['m1', 'm2']);
    expect(out.details![0]!.sessions).toEqual([
      'L1 09:10:00–11:02:00 closed by tap',
      'L1 14:35:00–15:41:00 closed by tap',
    ]);
  });
});

describe('scenario validation', () => {
  const valid = JSON.parse(readFileSync(join(DIR, 'normal-day.json'), 'utf8')) as Record<string, unknown> & {
    station: Record<string, unknown>;
    events: Record<string, unknown>[];
    mechanics: Record<string, unknown>[];
  };
  const broken = (change: (s: typeof valid) => void) => {
    const copy = structuredClone(valid);
    change(copy);
    const parsed = parseScenario(copy);
    if (parsed.ok) throw new Error('expected the scenario to be refused');
    return parsed.error;
  };

  it.each([
    {
      name: 'an unknown time zone',
      change: (s: typeof valid) => (s.station.timeZone = 'Europe/Berlim'),
      says: ['IANA time zone', 'station.timeZone'],
    },
    {
      name: 'an event on an unknown job',
      change: (s: typeof valid) => (s.events[8]!.jobId = 'J99'),
      says: ['unknown job J99', 'events[8].jobId'],
    },
    {
      name: 'a correction without a reason',
      change: (s: typeof valid) =>
        s.events.push({
          source: 'desk',
          seq: 99,
          kind: 'correction.close_session',
          mechanicId: 'm1',
          closeAt: '2026-11-23T12:00:00',
          reason: ' ',
          at: '2026-11-24T08:00:00',
        }),
      says: ['a correction needs a reason'],
    },
    {
      name: 'a bridge event with neither at nor raw timings',
      change: (s: typeof valid) => delete s.events[0]!.at,
      says: ['raw {at, sentAt, receivedAt}', 'events[0].at'],
    },
    {
      name: 'a time that is not a time',
      change: (s: typeof valid) => (s.events[1]!.at = 'yesterday'),
      says: ['must be epoch ms', 'events[1].at'],
    },
    {
      name: 'a shift that crosses midnight',
      change: (s: typeof valid) =>
        (s.mechanics[0]!.shifts = [{ days: ['mon'], start: '22:00', end: '06:00' }]),
      says: ['no window crosses midnight', 'mechanics[0].shifts[0]'],
    },
    {
      name: 'a move-time interval that ends before it starts',
      change: (s: typeof valid) =>
        s.events.push({
          source: 'desk',
          seq: 98,
          kind: 'correction.move_time',
          mechanicId: 'm1',
          fromJobId: 'J1',
          toJobId: 'J4',
          from: '2026-11-23T12:00:00',
          to: '2026-11-23T11:00:00',
          reason: 'the flywheel',
          at: '2026-11-24T08:00:00',
        }),
      says: ['to must be after from', 'events[45].to'],
    },
    {
      name: 'a misspelt field',
      change: (s: typeof valid) => (s.events[2]!.orderID = 'RO1'),
      says: ['orderID'],
    },
    {
      name: 'a duplicate mechanic id',
      change: (s: typeof valid) => (s.mechanics[1]!.id = 'm1'),
      says: ['duplicate mechanic id m1'],
    },
  ])('refuses $name and says where', ({ change, says }) => {
    const error = broken(change);
    for (const text of says) expect(error).toContain(text);
  });
});
