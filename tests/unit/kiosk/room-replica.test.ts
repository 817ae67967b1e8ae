import { describe, expect, it } from 'vitest';
import type { LiftDto } from '../../../server/src/contracts/dto.ts';
import type { BoardSnapshot, DeltaMessage, SnapshotMessage } from '../../../server/src/contracts/realtime.ts';
import { reduceBoard, reduceLift } from '../../../kiosk/src/lib/realtime/reducers.ts';
import { RoomReplica } from '../../../kiosk/src/lib/realtime/room-replica.ts';

const lift = (id: string, overrides: Partial<LiftDto> = {}): LiftDto => ({
  id,
  code: id.toUpperCase(),
  name: `Lift ${id}`,
  kind: 'two_post',
  status: 'working',
  position: Number(id.replace(/\D/g, '')) || 0,
  jobKinds: [],
  ...overrides,
});

const board = (lifts: LiftDto[]): BoardSnapshot => ({ stationName: 'North', lifts, bridges: [] });
const snapshot = (version: number, data: BoardSnapshot, epoch = 'e1'): SnapshotMessage<BoardSnapshot> => ({
  room: 'board',
  epoch,
  version,
  data,
});
const liftUpdated = (version: number, updated: LiftDto, epoch = 'e1'): DeltaMessage => ({
  room: 'board',
  epoch,
  version,
  event: { type: 'lift.updated', lift: updated },
});

describe('RoomReplica', () => {
  it('applies the next version on top of the snapshot', () => {
    const replica = new RoomReplica(reduceBoard);
    replica.snapshot(snapshot(3, board([lift('l1')])));
    expect(replica.delta(liftUpdated(4, lift('l1', { status: 'out_of_order' })))).toBe('applied');
    expect(replica.version).toBe(4);
    expect(replica.data?.lifts[0]?.status).toBe('out_of_order');
  });

  it('drops a delta the snapshot already contains', () => {
    const replica = new RoomReplica(reduceBoard);
    replica.snapshot(snapshot(5, board([lift('l1')])));
    expect(replica.delta(liftUpdated(5, lift('l1', { name: 'old' })))).toBe('stale');
    expect(replica.delta(liftUpdated(2, lift('l1', { name: 'older' })))).toBe('stale');
    expect(replica.data?.lifts[0]?.name).toBe('Lift l1');
    expect(replica.version).toBe(5);
  });

  it('asks for a resync on a gap, and does not apply the delta', () => {
    const replica = new RoomReplica(reduceBoard);
    replica.snapshot(snapshot(1, board([lift('l1')])));
    expect(replica.delta(liftUpdated(3, lift('l1', { name: 'skipped ahead' })))).toBe('resync');
    expect(replica.version).toBe(1);
    expect(replica.data?.lifts[0]?.name).toBe('Lift l1');
  });

  it('asks for a resync when the server restarted (a new epoch), whatever the version', () => {
    const replica = new RoomReplica(reduceBoard);
    replica.snapshot(snapshot(7, board([lift('l1')])));
    expect(replica.delta(liftUpdated(8, lift('l1'), 'e2'))).toBe('resync');
    expect(replica.delta(liftUpdated(1, lift('l1'), 'e2'))).toBe('resync');
  });

  it('a fresh snapshot replaces everything, including the epoch', () => {
    const replica = new RoomReplica(reduceBoard);
    replica.snapshot(snapshot(7, board([lift('l1')])));
    replica.snapshot(snapshot(0, board([lift('l2')]), 'e2'));
    expect(replica.epoch).toBe('e2');
    expect(replica.data?.lifts.map((l) => l.id)).toEqual(['l2']);
    expect(replica.delta(liftUpdated(1, lift('l2', { name: 'new' }), 'e2'))).toBe('applied');
  });

  it('holds deltas that come before the first snapshot and replays the newer ones in order', () => {
    const replica = new RoomReplica(reduceBoard);
    expect(replica.delta(liftUpdated(6, lift('l1', { name: 'six' })))).toBe('buffered');
    expect(replica.delta(liftUpdated(4, lift('l1', { name: 'four' })))).toBe('buffered');
    expect(replica.delta(liftUpdated(5, lift('l1', { name: 'five' })))).toBe('buffered');
    replica.snapshot(snapshot(4, board([lift('l1', { name: 'snapshot' })])));
    expect(replica.version).toBe(6);
    expect(replica.data?.lifts[0]?.name).toBe('six');
  });

  it('clear() forgets the room', () => {
    const replica = new RoomReplica(reduceBoard);
    replica.snapshot(snapshot(2, board([lift('l1')])));
    replica.clear();
    expect(replica.data).toBeNull();
    expect(replica.hasSnapshot).toBe(false);
  });
});

describe('reducers', () => {
  it('the board inserts a new lift in position order and replaces a known one', () => {
    const start = board([lift('l1'), lift('l3')]);
    const added = reduceBoard(start, { type: 'lift.updated', lift: lift('l2') });
    expect(added.lifts.map((l) => l.id)).toEqual(['l1', 'l2', 'l3']);
    const changed = reduceBoard(added, {
      type: 'lift.updated',
      lift: lift('l3', { status: 'out_of_order' }),
    });
    expect(changed.lifts.find((l) => l.id === 'l3')?.status).toBe('out_of_order');
    expect(start.lifts).toHaveLength(2);
  });

  it('the board tracks bridge availability', () => {
    const bridge = { id: 'bay-1', name: 'Bay 1', online: true, lastSeenAt: null };
    const online = reduceBoard(board([]), { type: 'bridge.availability', bridge });
    const offline = reduceBoard(online, {
      type: 'bridge.availability',
      bridge: { ...bridge, online: false },
    });
    expect(online.bridges).toEqual([bridge]);
    expect(offline.bridges).toEqual([{ ...bridge, online: false }]);
  });

  it('a lift kiosk takes its own lift updates and ignores other lifts', () => {
    const state = { lift: lift('l1'), bridges: [] };
    expect(reduceLift(state, { type: 'lift.updated', lift: lift('l2', { name: 'other' }) })).toBe(state);
    expect(reduceLift(state, { type: 'lift.updated', lift: lift('l1', { name: 'renamed' }) }).lift.name).toBe(
      'renamed',
    );
  });

  it('ignores events that are not about the room', () => {
    const state = board([lift('l1')]);
    expect(reduceBoard(state, { type: 'user.updated', userId: 'u1' })).toBe(state);
  });
});
