// A relative path (not $contracts) so the unit tests and the root tsc resolve it too.
import type { LiftDto } from '../../../../server/src/contracts/dto.ts';
import type { TapOutcomeDto } from '../../../../server/src/contracts/labour.ts';
import type {
  BoardSnapshot,
  BridgeStateDto,
  DeltaEvent,
  LiftSnapshot,
} from '../../../../server/src/contracts/realtime.ts';

function upsertBridge(bridges: BridgeStateDto[], bridge: BridgeStateDto): BridgeStateDto[] {
  const found = bridges.some((b) => b.id === bridge.id);
  const next = found ? bridges.map((b) => (b.id === bridge.id ? bridge : b)) : [...bridges, bridge];
  return next.sort((a, b) => a.id.localeCompare(b.id));
}

function upsertLift(lifts: LiftDto[], lift: LiftDto): LiftDto[] {
  const found = lifts.some((l) => l.id === lift.id);
  const next = found ? lifts.map((l) => (l.id === lift.id ? lift : l)) : [...lifts, lift];
  return next.sort((a, b) => a.position - b.position || a.code.localeCompare(b.code));
}

/** The lift kiosk's state: the room's snapshot, plus the last tap at this lift (shown big for a moment). */
export interface LiftKioskState extends LiftSnapshot {
  lastTap?: TapOutcomeDto | null;
}

/**
 * A delta from a newer server may carry a type this screen does not know, or a shape it does not
 * expect: it is ignored (the state is returned unchanged), never allowed to break the screen.
 */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The bay board's state after a delta (new objects, so the screen redraws only what changed). */
export function reduceBoard(board: BoardSnapshot, event: DeltaEvent): BoardSnapshot {
  if (!isObject(event)) return board;
  switch (event.type) {
    case 'lift.updated':
      return isObject(event.lift) ? { ...board, lifts: upsertLift(board.lifts, event.lift) } : board;
    case 'bridge.availability':
      return isObject(event.bridge)
        ? { ...board, bridges: upsertBridge(board.bridges, event.bridge) }
        : board;
    case 'floor.updated':
      return isObject(event.floor) && Array.isArray(event.floor.lifts)
        ? { ...board, floor: event.floor }
        : board;
    default:
      return board;
  }
}

/** One lift kiosk's state after a delta; other lifts' updates are ignored. */
export function reduceLift(state: LiftKioskState, event: DeltaEvent): LiftKioskState {
  if (!isObject(event)) return state;
  switch (event.type) {
    case 'lift.updated':
      return isObject(event.lift) && event.lift.id === state.lift?.id
        ? { ...state, lift: event.lift }
        : state;
    case 'bridge.availability':
      return isObject(event.bridge)
        ? { ...state, bridges: upsertBridge(state.bridges ?? [], event.bridge) }
        : state;
    case 'lift.floor':
      return isObject(event.floor) && isObject(event.floor.lift) && event.floor.lift.liftId === state.lift?.id
        ? { ...state, floor: event.floor }
        : state;
    case 'tap':
      return isObject(event.tap) && (event.tap.liftId === null || event.tap.liftId === state.lift?.id)
        ? { ...state, lastTap: event.tap }
        : state;
    default:
      return state;
  }
}
