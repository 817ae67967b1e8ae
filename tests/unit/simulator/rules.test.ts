import { describe, expect, it } from 'vitest';
import { parseBridgeEvent } from '../../../server/src/contracts/mqtt-payloads.ts';
import { DAY, dayStartOf, planDay } from '../../../server/src/modules/simulator/rules/day-plan.ts';
import { dueKeys } from '../../../server/src/modules/simulator/rules/due-list.ts';
import {
  malformedPayload,
  nextIncident,
  unknownBadge,
} from '../../../server/src/modules/simulator/rules/incidents.ts';
import { decideLift, newLift, takingCars } from '../../../server/src/modules/simulator/rules/lift.ts';
import {
  decideMechanic,
  newMechanic,
  pickJob,
  type MechanicState,
} from '../../../server/src/modules/simulator/rules/mechanic.ts';
import { createRng } from '../../../server/src/modules/simulator/rules/random.ts';
import {
  orderFinished,
  type JobView,
  type LiftView,
} from '../../../server/src/modules/simulator/rules/types.ts';

const ME = 'staff-me';
const OTHER = 'staff-other';

function job(over: Partial<JobView> = {}): JobView {
  return {
    id: 'job-1',
    state: 'planned',
    waitReason: null,
    normSeconds: 1800,
    decision: null,
    staffIds: [ME],
    partsRequest: 'none',
    ...over,
  };
}

function lift(jobs: JobView[] | null, over: Partial<LiftView> = {}): LiftView {
  return {
    liftId: 'lift-a',
    raisable: true,
    raised: false,
    bayOccupied: true,
    order: jobs ? { id: 'order-1', status: 'in_work', jobs } : null,
    othersAtLift: 0,
    ...over,
  };
}

function atLift(state: MechanicState, now: number): MechanicState {
  return { ...state, phase: 'at_lift', lastAt: now };
}

describe('random source', () => {
  it('gives the same sequence for the same seed and different ones for other seeds or forks', () => {
    const a = createRng(42);
    const b = createRng(42);
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => createRng(43).next())).not.toEqual(seqA);
    expect(createRng(42).fork('x').next()).toBe(createRng(42).fork('x').next());
    expect(createRng(42).fork('x').next()).not.toBe(createRng(42).fork('y').next());
  });

  it('keeps int, between and pick inside their bounds', () => {
    const rng = createRng(1);
    for (let i = 0; i < 1000; i += 1) {
      const n = rng.int(3, 7);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(7);
      const x = rng.between(1, 2);
      expect(x).toBeGreaterThanOrEqual(1);
      expect(x).toBeLessThan(2);
    }
    expect(['a', 'b']).toContain(rng.pick(['a', 'b']));
    expect(() => rng.pick([])).toThrow();
  });
});

describe('a mechanic day plan', () => {
  it('arrives first, takes a short break before lunch and leaves after eight hours, inside the cycle', () => {
    for (let i = 0; i < 8; i += 1) {
      const plan = planDay(createRng(i), i, DAY.cycleSeconds * 2);
      expect(plan.dayStart).toBe(DAY.cycleSeconds * 2);
      expect(plan.arriveAt).toBeGreaterThanOrEqual(plan.dayStart);
      expect(plan.arriveAt - plan.dayStart).toBeLessThan(15 * 60);
      expect(plan.breaks[0]!.at).toBeGreaterThan(plan.arriveAt);
      expect(plan.breaks[1]!.at).toBeGreaterThan(plan.breaks[0]!.at + plan.breaks[0]!.minutes * 60);
      expect(plan.leaveAt).toBeGreaterThan(plan.breaks[1]!.at);
      expect(plan.leaveAt).toBeLessThan(plan.dayStart + DAY.cycleSeconds);
    }
    expect(planDay(createRng(5), 3, 0)).toEqual(planDay(createRng(5), 3, 0));
    expect(dayStartOf(DAY.cycleSeconds + 10)).toBe(DAY.cycleSeconds);
  });
});

describe('which job a mechanic turns to', () => {
  it('prefers his own job in progress, then waiting, then planned, then an unassigned one', () => {
    const planned = job({ id: 'p', state: 'planned' });
    const waiting = job({ id: 'w', state: 'waiting', waitReason: 'parts' });
    const going = job({ id: 'g', state: 'in_progress' });
    expect(pickJob([planned, waiting, going], ME)).toEqual({ job: going, mine: true });
    expect(pickJob([planned, waiting], ME)!.job.id).toBe('w');
    const free = job({ id: 'f', staffIds: [] });
    expect(pickJob([job({ id: 'x', staffIds: [OTHER] }), free], ME)!.job.id).toBe('f');
  });

  it('skips done jobs and recommendations not approved; helps with someone else’s job in progress', () => {
    expect(
      pickJob([job({ state: 'done' }), job({ id: 'r', decision: 'pending', staffIds: [] })], ME),
    ).toBeNull();
    const theirs = job({ id: 't', state: 'in_progress', staffIds: [OTHER] });
    expect(pickJob([theirs], ME)).toEqual({ job: theirs, mine: false });
    expect(pickJob([job({ id: 'a', decision: 'approved', staffIds: [] })], ME)!.job.id).toBe('a');
  });
});

describe('a mechanic’s moves', () => {
  it('clocks in at the entrance, taps in at his lift when there is work, and starts the planned job', () => {
    const rng = createRng(3);
    let s = newMechanic(rng, 0, ME, 0);
    const early = decideMechanic(s, lift([job()]), s.plan.arriveAt - 10, rng);
    expect(early.actions).toEqual([]);
    expect(early.next).toBeGreaterThanOrEqual(10);

    const arrive = decideMechanic(s, lift([job()]), s.plan.arriveAt, rng);
    expect(arrive.actions).toEqual([{ type: 'tap', at: 'entrance' }]);
    s = arrive.state;
    expect(s.phase).toBe('present');

    const toLift = decideMechanic(s, lift([job()]), s.plan.arriveAt + 200, rng);
    expect(toLift.actions).toEqual([{ type: 'tap', at: 'lift' }]);
    s = toLift.state;

    const start = decideMechanic(s, lift([job()]), s.plan.arriveAt + 300, rng);
    expect(start.actions).toEqual([{ type: 'job', action: 'start', lineId: 'job-1' }]);
    expect(start.state.work['job-1']!.remaining).toBeGreaterThan(0);
  });

  it('does not go to the lift when there is nothing for him there', () => {
    const rng = createRng(3);
    const s: MechanicState = { ...newMechanic(rng, 0, ME, 0), phase: 'present' };
    const now = s.plan.arriveAt + 60;
    expect(decideMechanic(s, lift(null), now, rng).actions).toEqual([]);
    expect(decideMechanic(s, lift([job({ staffIds: [OTHER] })]), now, rng).actions).toEqual([]);
  });

  it('raises the lift, works the job down and completes it, lowering the lift when the car is done', () => {
    const rng = createRng(11);
    const now = 1000;
    const base = atLift(newMechanic(rng, 0, ME, 0), now);
    const s: MechanicState = {
      ...base,
      work: { 'job-1': { remaining: 600, incident: null, waitUntil: null } },
    };
    const raise = decideMechanic(s, lift([job({ state: 'in_progress' })]), now, rng);
    expect(raise.actions).toEqual([{ type: 'lift', state: 'raised' }]);

    const working = decideMechanic(
      s,
      lift([job({ state: 'in_progress' })], { raised: true }),
      now + 100,
      rng,
    );
    expect(working.actions).toEqual([]);
    expect(working.state.work['job-1']!.remaining).toBe(500);
    expect(working.next).toBe(500);

    const finish = decideMechanic(
      working.state,
      lift([job({ state: 'in_progress' })], { raised: true }),
      now + 700,
      rng,
    );
    expect(finish.actions).toEqual([
      { type: 'job', action: 'complete', lineId: 'job-1' },
      { type: 'lift', state: 'lowered' },
    ]);
    expect(finish.state.work['job-1']).toBeUndefined();
  });

  it('pauses for parts with a request, waits while it is open and resumes once the storekeeper answered', () => {
    const rng = createRng(5);
    const now = 1000;
    const s: MechanicState = {
      ...atLift(newMechanic(rng, 0, ME, 0), now),
      work: { 'job-1': { remaining: 900, incident: { reason: 'parts', atRemaining: 900 }, waitUntil: null } },
    };
    const pause = decideMechanic(s, lift([job({ state: 'in_progress' })], { raised: true }), now, rng);
    expect(pause.actions).toEqual([
      { type: 'job', action: 'pause', lineId: 'job-1', reason: 'parts' },
      { type: 'request_parts', lineId: 'job-1' },
    ]);
    const waiting = job({ state: 'waiting', waitReason: 'parts', partsRequest: 'open' });
    expect(decideMechanic(pause.state, lift([waiting]), now + 300, rng).actions).toEqual([]);
    const answered = { ...waiting, partsRequest: 'closed' as const };
    expect(decideMechanic(pause.state, lift([answered]), now + 900, rng).actions).toEqual([
      { type: 'job', action: 'resume', lineId: 'job-1' },
    ]);
    // A job found waiting for parts with no request (the seeded one) gets its request.
    const seeded = job({ state: 'waiting', waitReason: 'parts', partsRequest: 'none' });
    expect(decideMechanic(atLift(newMechanic(rng, 0, ME, 0), now), lift([seeded]), now, rng).actions).toEqual(
      [{ type: 'request_parts', lineId: 'job-1' }],
    );
  });

  it('asks for approval of extra work and resumes only once the customer decided', () => {
    const rng = createRng(6);
    const now = 2000;
    const s: MechanicState = {
      ...atLift(newMechanic(rng, 0, ME, 0), now),
      work: {
        'job-1': { remaining: 500, incident: { reason: 'approval', atRemaining: 600 }, waitUntil: null },
      },
    };
    const pause = decideMechanic(s, lift([job({ state: 'in_progress' })], { raised: true }), now, rng);
    expect(pause.actions.map((a) => a.type)).toEqual(['job', 'propose_extra']);
    const waiting = job({ state: 'waiting', waitReason: 'approval' });
    const extra = job({ id: 'extra', decision: 'pending', staffIds: [] });
    expect(decideMechanic(pause.state, lift([waiting, extra]), now + 600, rng).actions).toEqual([]);
    expect(
      decideMechanic(pause.state, lift([waiting, { ...extra, decision: 'declined' }]), now + 1200, rng)
        .actions,
    ).toEqual([{ type: 'job', action: 'resume', lineId: 'job-1' }]);
  });

  it('ends a tool wait himself after a while', () => {
    const rng = createRng(8);
    const now = 3000;
    const s = atLift(newMechanic(rng, 0, ME, 0), now);
    const waiting = job({ state: 'waiting', waitReason: 'tool' });
    const first = decideMechanic(s, lift([waiting]), now, rng);
    expect(first.actions).toEqual([]);
    const until = first.state.work['job-1']!.waitUntil!;
    expect(until - now).toBeGreaterThanOrEqual(5 * 60);
    expect(decideMechanic(first.state, lift([waiting]), until, rng).actions).toEqual([
      { type: 'job', action: 'resume', lineId: 'job-1' },
    ]);
  });

  it('taps out for a break, comes back, and at the end of the day lowers the lift and clocks out', () => {
    const rng = createRng(9);
    const base = newMechanic(rng, 0, ME, 0);
    const breakAt = base.plan.breaks[0]!.at;
    const s = atLift(base, breakAt);
    const toBreak = decideMechanic(
      s,
      lift([job({ state: 'in_progress' })], { raised: true, othersAtLift: 1 }),
      breakAt,
      rng,
    );
    expect(toBreak.actions).toEqual([{ type: 'tap', at: 'lift' }]); // someone else is at the lift: it stays up
    expect(toBreak.state.phase).toBe('break');
    const back = decideMechanic(toBreak.state, lift([job()]), toBreak.state.breakUntil!, rng);
    expect(back.state.phase).toBe('present');

    const leaving = atLift({ ...base, breaksTaken: 2 }, base.plan.leaveAt);
    const out = decideMechanic(
      leaving,
      lift([job({ state: 'in_progress' })], { raised: true }),
      base.plan.leaveAt,
      rng,
    );
    expect(out.actions).toEqual([
      { type: 'lift', state: 'lowered' },
      { type: 'tap', at: 'lift' },
    ]);
    const gone = decideMechanic(out.state, lift(null), base.plan.leaveAt + 60, rng);
    expect(gone.actions).toEqual([{ type: 'tap', at: 'entrance' }]);
    expect(gone.state.phase).toBe('gone');
    // The next cycle starts a new day.
    const tomorrow = decideMechanic(gone.state, lift(null), DAY.cycleSeconds, rng);
    expect(tomorrow.state.phase).toBe('off');
    expect(tomorrow.state.plan.dayStart).toBe(DAY.cycleSeconds);
  });

  it('is deterministic: the same seed and views give the same moves', () => {
    const run = () => {
      const rng = createRng(77);
      let s = newMechanic(rng, 2, ME, 0);
      const moves: unknown[] = [];
      let now = 0;
      for (let i = 0; i < 40; i += 1) {
        const d = decideMechanic(
          s,
          lift([job({ state: i > 5 ? 'in_progress' : 'planned' })], { raised: i > 8 }),
          now,
          rng,
        );
        moves.push(d.actions, d.next);
        s = d.state;
        now += d.next;
      }
      return moves;
    };
    expect(run()).toEqual(run());
  });
});

describe('the lift and the foreman', () => {
  it('brings a car to an empty lift when its time comes, with the bay occupied', () => {
    const rng = createRng(1);
    const empty = lift(null, { bayOccupied: false });
    const first = decideLift(newLift(), empty, 0, 100, rng);
    expect(first.actions).toEqual([]);
    const due = decideLift(first.state, empty, 0, first.state.nextCarAt!, rng);
    expect(due.actions).toEqual([
      { type: 'bring_car' },
      { type: 'sensor', sensor: 'bay', state: 'occupied' },
    ]);
    // Late in the day no new car comes.
    expect(takingCars(DAY.lastCarAt + 1)).toBe(false);
    const late = decideLift({ nextCarAt: 0, untrackedUntil: null }, empty, 0, DAY.lastCarAt + 60, rng);
    expect(late.actions).toEqual([]);
  });

  it('takes a finished car off the lift: lowered, order done, bay free', () => {
    const rng = createRng(2);
    const finished = lift([job({ state: 'done' }), job({ id: 'd', decision: 'declined' })], { raised: true });
    expect(orderFinished(finished.order!)).toBe(true);
    expect(decideLift(newLift(), finished, 0, 500, rng).actions).toEqual([
      { type: 'sensor', sensor: 'lift', state: 'lowered' },
      { type: 'finish_car', orderId: 'order-1' },
      { type: 'sensor', sensor: 'bay', state: 'free' },
    ]);
    expect(orderFinished(lift([job({ state: 'done' }), job({ id: 'p', decision: 'pending' })]).order!)).toBe(
      false,
    );
  });

  it('now and then raises a lift nobody is tapped in at (untracked work) and lowers it again', () => {
    const busy = lift([job({ state: 'in_progress' })]);
    let raisedWith: ReturnType<typeof decideLift> | null = null;
    for (let seed = 0; seed < 200 && !raisedWith; seed += 1) {
      const d = decideLift(newLift(), busy, 0, 100, createRng(seed));
      if (d.actions.some((a) => a.type === 'sensor' && a.sensor === 'lift')) raisedWith = d;
    }
    expect(raisedWith!.actions).toEqual([{ type: 'sensor', sensor: 'lift', state: 'raised' }]);
    const until = raisedWith!.state.untrackedUntil!;
    const down = decideLift(raisedWith!.state, { ...busy, raised: true }, 0, until, createRng(1));
    expect(down.actions).toEqual([{ type: 'sensor', sensor: 'lift', state: 'lowered' }]);
    // Never while a mechanic is tapped in there.
    for (let seed = 0; seed < 200; seed += 1)
      expect(decideLift(newLift(), busy, 1, 100, createRng(seed)).actions).toEqual([]);
  });
});

describe('after a while', () => {
  it('gives each new key a due time, returns those due and forgets the ones gone', () => {
    const memory = new Map<string, number>();
    expect(dueKeys(memory, ['a', 'b'], 100, () => 50)).toEqual([]);
    expect(dueKeys(memory, ['a', 'b', 'c'], 150, () => 50)).toEqual(['a', 'b']);
    expect(dueKeys(memory, ['c'], 200, () => 50)).toEqual(['c']);
    expect([...memory.keys()]).toEqual(['c']);
  });
});

describe('incidents', () => {
  it('sends payloads the contract refuses, so they end up in the rejected list', () => {
    const rng = createRng(4);
    const kinds = new Set<string>();
    for (let i = 0; i < 30; i += 1) {
      const incident = malformedPayload(rng, 1234);
      if (incident.type !== 'malformed') throw new Error('expected a malformed payload');
      kinds.add(incident.payload.slice(0, 12));
      expect(parseBridgeEvent(incident.topic, Buffer.from(incident.payload)).ok).toBe(false);
    }
    expect(kinds.size).toBeGreaterThan(1);
  });

  it('taps unknown cards with a valid UID nobody owns, and plans the first incident early', () => {
    const incident = unknownBadge(createRng(2));
    expect(incident.type === 'unknown_badge' && /^[0-9A-F]{14}$/.test(incident.uid)).toBe(true);
    const first = nextIncident(createRng(3), true, 0);
    expect(first.after).toBeLessThanOrEqual(5 * 60);
    expect(first.incident.type).toBe('malformed');
    expect(nextIncident(createRng(3), false, 0).after).toBeGreaterThanOrEqual(40 * 60);
  });
});
