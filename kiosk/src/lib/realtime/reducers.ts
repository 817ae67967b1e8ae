// A relative path (not $contracts) so the unit tests and the root tsc resolve it too.
import type { LiftDto } from '../../../../server/src/contracts/dto.ts';
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

/** The bay board's state after a delta (new objects, so the screen redraws only what changed). */
export function reduceBoard(board: BoardSnapshot, event: DeltaEvent): BoardSnapshot {
  switch (event.type) {
    case 'lift.updated':
      return { ...board, lifts: upsertLift(board.lifts, event.lift) };
    case 'bridge.availability':
      return { ...board, bridges: upsertBridge(board.bridges, event.bridge) };
    default:
      return board;
  }
}

/** One lift kiosk's state after a delta; other lifts' updates are ignored. */
export function reduceLift(state: LiftSnapshot, event: DeltaEvent): LiftSnapshot {
  switch (event.type) {
    case 'lift.updated':
      return event.lift.id === state.lift?.id ? { ...state, lift: event.lift } : state;
    case 'bridge.availability':
      return { ...state, bridges: upsertBridge(state.bridges ?? [], event.bridge) };
    default:
      return state;
  }
}
