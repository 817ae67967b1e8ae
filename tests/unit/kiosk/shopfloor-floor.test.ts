import { describe, expect, it } from 'vitest';
import type { LiftDto } from '../../../server/src/contracts/dto.ts';
import type {
  FloorJobDto,
  FloorLiftDto,
  FloorMechanicDto,
  FloorStateDto,
  LiftFloorDto,
  TapOutcomeDto,
} from '../../../server/src/contracts/labour.ts';
import type { BoardSnapshot, DeltaEvent, DeltaMessage } from '../../../server/src/contracts/realtime.ts';
import {
  barShares,
  clockSkewMs,
  defaultActor,
  defaultJob,
  findJob,
  formatClock,
  formatHoursMinutes,
  formatPercent,
  isDateRange,
  jobActions,
  liveProductiveSeconds,
  mechanicsForStrip,
  newerFloor,
  secondsSince,
  waitsOldestFirst,
} from '../../../kiosk/src/lib/kiosk/floor-format.ts';
import { reduceBoard, reduceLift, type LiftKioskState } from '../../../kiosk/src/lib/realtime/reducers.ts';
import { RoomReplica } from '../../../kiosk/src/lib/realtime/room-replica.ts';

const AT = '2025-03-10T09:00:00.000Z';
const atMs = Date.parse(AT);

const liftDto = (id: string): LiftDto => ({
  id,
  code: id.toUpperCase(),
  name: `Lift ${id}`,
  kind: 'two_post',
  status: 'working',
  position: 1,
  jobKinds: [],
});

const job = (jobId: string, overrides: Partial<FloorJobDto> = {}): FloorJobDto => ({
  jobId,
  name: `Job ${jobId}`,
  state: 'planned',
  waitReason: null,
  waitingSince: null,
  assignees: [],
  productiveSeconds: 0,
  normSeconds: 3600,
  overNorm: false,
  ...overrides,
});

const floorLift = (liftId: string, overrides: Partial<FloorLiftDto> = {}): FloorLiftDto => ({
  liftId,
  code: liftId.toUpperCase(),
  name: `Lift ${liftId}`,
  status: 'working',
  order: { id: 'o1', number: 'RO-1', vehicle: 'Skoda Octavia', plate: 'A123BC77', status: 'in_progress' },
  raised: false,
  bayOccupied: true,
  mechanics: [],
  jobs: [],
  untrackedSince: null,
  bridgeOffline: false,
  ...overrides,
});

const floorState = (lifts: FloorLiftDto[], overrides: Partial<FloorStateDto> = {}): FloorStateDto => ({
  at: AT,
  date: '2025-03-10',
  lifts,
  mechanics: [],
  openWaits: [],
  autoClosedToday: 0,
  ...overrides,
});

const liftFloor = (lift: FloorLiftDto, at = AT): LiftFloorDto => ({ at, lift, mechanics: [] });

const tap = (overrides: Partial<TapOutcomeDto> = {}): TapOutcomeDto => ({
  ok: true,
  outcome: 'opened',
  staffId: 's1',
  name: 'Ivan Petrov',
  liftId: 'l1',
  at: AT,
  ...overrides,
});

const board = (): BoardSnapshot => ({
  stationName: 'North',
  lifts: [liftDto('l1')],
  bridges: [],
  floor: null,
});
const kiosk = (): LiftKioskState => ({ lift: liftDto('l1'), bridges: [], floor: null });

describe('durations', () => {
  it('measures whole seconds since an instant, never negative, 0 for nothing', () => {
    expect(secondsSince(AT, atMs + 61_900)).toBe(61);
    expect(secondsSince(AT, atMs - 5_000)).toBe(0);
    expect(secondsSince(null, atMs)).toBe(0);
    expect(secondsSince('not a date', atMs)).toBe(0);
  });

  it.each([
    [0, '0:00'],
    [42, '0:42'],
    [725, '12:05'],
    [3723, '1:02:03'],
    [93_600, '26:00:00'],
    [-5, '0:00'],
  ])('formats %i s as the ticking clock %s', (seconds, text) => {
    expect(formatClock(seconds)).toBe(text);
  });

  it.each([
    [0, '0:00'],
    [29, '0:00'],
    [30, '0:01'],
    [27_000, '7:30'],
    [547_500, '152:05'],
  ])('formats %i s as hours:minutes %s', (seconds, text) => {
    expect(formatHoursMinutes(seconds)).toBe(text);
  });

  it('formats ratios as percentages and no ratio as a dash', () => {
    expect(formatPercent(0.854)).toBe('85%');
    expect(formatPercent(1.2)).toBe('120%');
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(Number.NaN)).toBe('—');
  });

  it('takes the server clock skew only when it is a second or more', () => {
    expect(clockSkewMs(AT, atMs - 400)).toBe(0);
    expect(clockSkewMs(AT, atMs - 90_000)).toBe(90_000);
    expect(clockSkewMs(AT, atMs + 5_000)).toBe(-5_000);
    expect(clockSkewMs(undefined, atMs)).toBe(0);
  });

  it('ticks net labour between updates, split equally among the jobs each mechanic works on', () => {
    const lift = floorLift('l1', {
      mechanics: [
        { staffId: 's1', name: 'A', since: AT, kind: 'productive', jobIds: ['j1', 'j2'] },
        { staffId: 's2', name: 'B', since: AT, kind: 'productive', jobIds: ['j1'] },
        { staffId: 's3', name: 'C', since: AT, kind: 'waiting:parts', jobIds: ['j1'] },
      ],
    });
    const inProgress = job('j1', { state: 'in_progress', productiveSeconds: 100 });
    // A: 60 s over two jobs → 30 s on j1; B: 60 s; C is waiting, not working.
    expect(liveProductiveSeconds(lift, inProgress, 60)).toBe(190);
    expect(liveProductiveSeconds(lift, { ...inProgress, state: 'waiting' }, 60)).toBe(100);
    expect(liveProductiveSeconds(lift, inProgress, 0)).toBe(100);
  });
});

describe('board and kiosk helpers', () => {
  it('finds a wait’s job and lift, and sorts waits oldest first', () => {
    const floor = floorState([
      floorLift('l1', { jobs: [job('j1')] }),
      floorLift('l2', { jobs: [job('j2')] }),
    ]);
    expect(findJob(floor, 'j2')?.lift.liftId).toBe('l2');
    expect(findJob(floor, 'nope')).toBeNull();
    const waits = waitsOldestFirst([
      { jobId: 'a', since: '2025-03-10T09:05:00Z' },
      { jobId: 'b', since: '2025-03-10T08:00:00Z' },
    ]);
    expect(waits.map((w) => w.jobId)).toEqual(['b', 'a']);
  });

  it('lists mechanics at a lift first, then present, on break, absent, by name', () => {
    const m = (staffId: string, name: string, state: FloorMechanicDto['state']): FloorMechanicDto => ({
      staffId,
      name,
      state,
      liftId: null,
      kind: null,
      since: null,
    });
    const sorted = mechanicsForStrip([
      m('1', 'Zoe', 'break'),
      m('2', 'Yan', 'session'),
      m('3', 'Abe', 'absent'),
      m('4', 'Bob', 'present'),
      m('5', 'Ann', 'session'),
    ]);
    expect(sorted.map((x) => x.name)).toEqual(['Ann', 'Yan', 'Bob', 'Zoe', 'Abe']);
  });

  it('offers the buttons a job allows in its state', () => {
    expect(jobActions(job('j', { state: 'planned' }))).toEqual(['start']);
    expect(jobActions(job('j', { state: 'in_progress' }))).toEqual(['pause', 'request-parts', 'complete']);
    expect(jobActions(job('j', { state: 'waiting' }))).toEqual(['resume', 'complete']);
    expect(jobActions(job('j', { state: 'done' }))).toEqual([]);
    expect(jobActions(null)).toEqual([]);
  });

  it('acts as the chosen mechanic, else the last who tapped, else the latest in session; nobody when none is', () => {
    const session = (staffId: string) => ({
      staffId,
      name: staffId,
      since: AT,
      kind: 'productive' as const,
      jobIds: [],
    });
    const floor = liftFloor(floorLift('l1', { mechanics: [session('s1'), session('s2')] }));
    expect(defaultActor(floor, 's1', 's2')).toBe('s1');
    expect(defaultActor(floor, null, 's1')).toBe('s1');
    expect(defaultActor(floor, 'gone', 'gone-too')).toBe('s2');
    expect(defaultActor(liftFloor(floorLift('l1')), 's1', 's1')).toBeNull();
    expect(defaultActor(null, 's1', null)).toBeNull();
  });

  it('acts on the chosen open job, else the actor’s job in progress, else the order’s first open job', () => {
    const jobs = [
      job('j1', { state: 'done' }),
      job('j2', { state: 'planned' }),
      job('j3', { state: 'in_progress', assignees: [{ staffId: 's2', name: 'B' }] }),
      job('j4', { state: 'waiting', waitReason: 'parts', assignees: [{ staffId: 's1', name: 'A' }] }),
    ];
    expect(defaultJob(jobs, 'j2', 's1')?.jobId).toBe('j2');
    expect(defaultJob(jobs, 'j1', 's1')?.jobId).toBe('j4'); // a done job is not chosen
    expect(defaultJob(jobs, null, 's2')?.jobId).toBe('j3');
    expect(defaultJob(jobs, null, 'nobody')?.jobId).toBe('j3');
    expect(defaultJob([job('d', { state: 'done' })], null, 's1')).toBeNull();
  });

  it('keeps the newer of two copies of a lift’s floor', () => {
    const older = liftFloor(floorLift('l1'), '2025-03-10T09:00:00Z');
    const newer = liftFloor(floorLift('l1'), '2025-03-10T09:00:01Z');
    expect(newerFloor(older, newer)).toBe(newer);
    expect(newerFloor(newer, older)).toBe(newer);
    expect(newerFloor(null, older)).toBe(older);
    expect(newerFloor(undefined, undefined)).toBeNull();
  });

  it('scales chart bars to the largest value, safely when all are zero', () => {
    expect(barShares([0, 50, 100])).toEqual([0, 0.5, 1]);
    expect(barShares([0, 0])).toEqual([0, 0]);
    expect(barShares([])).toEqual([]);
  });

  it('accepts a period of two dates, the first not after the second', () => {
    expect(isDateRange('2025-03-01', '2025-03-31')).toBe(true);
    expect(isDateRange('2025-03-01', '2025-03-01')).toBe(true);
    expect(isDateRange('2025-03-31', '2025-03-01')).toBe(false);
    expect(isDateRange('', '2025-03-01')).toBe(false);
  });
});

describe('floor deltas', () => {
  it('the board takes the whole floor from floor.updated', () => {
    const floor = floorState([floorLift('l1')]);
    const next = reduceBoard(board(), { type: 'floor.updated', floor });
    expect(next.floor).toBe(floor);
    expect(next.lifts).toEqual(board().lifts);
  });

  it('the board ignores unknown and malformed deltas, returning the same state', () => {
    const state = board();
    const unknown = { type: 'parts.arrived', whatever: 1 } as unknown as DeltaEvent;
    expect(reduceBoard(state, unknown)).toBe(state);
    expect(reduceBoard(state, { type: 'floor.updated' } as unknown as DeltaEvent)).toBe(state);
    expect(reduceBoard(state, null as unknown as DeltaEvent)).toBe(state);
    expect(reduceBoard(state, { type: 'tap', tap: tap() })).toBe(state);
  });

  it('a lift kiosk takes its own lift’s floor and ignores another lift’s', () => {
    const mine = liftFloor(floorLift('l1'));
    expect(reduceLift(kiosk(), { type: 'lift.floor', floor: mine }).floor).toBe(mine);
    const state = kiosk();
    expect(reduceLift(state, { type: 'lift.floor', floor: liftFloor(floorLift('l2')) })).toBe(state);
  });

  it('a lift kiosk keeps the last tap at its lift, refused ones too, and not another lift’s', () => {
    const opened = tap();
    expect(reduceLift(kiosk(), { type: 'tap', tap: opened }).lastTap).toBe(opened);
    const unknownBadge = tap({
      ok: false,
      outcome: 'unknown_badge',
      staffId: null,
      name: null,
      liftId: null,
    });
    expect(reduceLift(kiosk(), { type: 'tap', tap: unknownBadge }).lastTap).toBe(unknownBadge);
    const state = kiosk();
    expect(reduceLift(state, { type: 'tap', tap: tap({ liftId: 'l2' }) })).toBe(state);
  });

  it('a lift kiosk ignores unknown deltas and the board’s floor', () => {
    const state = kiosk();
    expect(reduceLift(state, { type: 'something.new' } as unknown as DeltaEvent)).toBe(state);
    expect(reduceLift(state, { type: 'floor.updated', floor: floorState([]) })).toBe(state);
    expect(reduceLift(state, { type: 'lift.floor', floor: null } as unknown as DeltaEvent)).toBe(state);
  });

  it('through the replica: an unknown delta still advances the version, so the next one applies', () => {
    const replica = new RoomReplica(reduceBoard);
    replica.snapshot({ room: 'board', epoch: 'e', version: 1, data: board() });
    const delta = (version: number, event: unknown): DeltaMessage => ({
      room: 'board',
      epoch: 'e',
      version,
      event: event as DeltaEvent,
    });
    expect(replica.delta(delta(2, { type: 'from.the.future' }))).toBe('applied');
    const floor = floorState([floorLift('l1')]);
    expect(replica.delta(delta(3, { type: 'floor.updated', floor }))).toBe('applied');
    expect(replica.data?.floor).toBe(floor);
    expect(replica.version).toBe(3);
  });
});
