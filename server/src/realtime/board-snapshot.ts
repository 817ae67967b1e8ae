import { QueryTypes } from 'sequelize';
import type { BoardSnapshot, BridgeStateDto, LiftSnapshot } from '../contracts/realtime.ts';
import type { AppDeps } from '../deps.ts';
import { Lift, presentLift } from '../modules/scheduler/index.ts';
import { stationOf } from '../modules/station/index.ts';

async function bridgeStates(deps: AppDeps): Promise<BridgeStateDto[]> {
  const rows = await deps.sequelize.query<{
    id: string;
    name: string;
    online: boolean;
    last_seen_at: Date | null;
  }>('SELECT id, name, online, last_seen_at FROM bridges WHERE revoked_at IS NULL ORDER BY id', {
    type: QueryTypes.SELECT,
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    online: r.online,
    lastSeenAt: r.last_seen_at ? new Date(r.last_seen_at).toISOString() : null,
  }));
}

export async function boardSnapshot(deps: AppDeps): Promise<BoardSnapshot> {
  const [station, lifts, bridges] = await Promise.all([
    stationOf(deps),
    Lift.findAll({
      order: [
        ['position', 'ASC'],
        ['code', 'ASC'],
      ],
    }),
    bridgeStates(deps),
  ]);
  return { stationName: station.name, lifts: lifts.map(presentLift), bridges };
}

export async function liftSnapshot(
  deps: AppDeps,
  liftId: string,
): Promise<LiftSnapshot | Record<string, never>> {
  const lift = await Lift.findByPk(liftId);
  if (!lift) return {};
  return { lift: presentLift(lift), bridges: await bridgeStates(deps) };
}
