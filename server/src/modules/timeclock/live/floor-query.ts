import { QueryTypes, type Sequelize } from 'sequelize';
import type { FloorStateDto, LiftFloorDto } from '../../../contracts/labour.ts';
import { presentFloor, presentLiftFloor } from './floor-presenter.ts';
import type { LabourService } from './labour-service.ts';

/** Lifts with a device bound now on a bridge that is offline. */
export async function offlineLifts(sequelize: Sequelize): Promise<Set<string>> {
  const rows = await sequelize.query<{ lift_id: string }>(
    `SELECT DISTINCT b.lift_id FROM bridge_bindings b JOIN bridges r ON r.id = b.bridge_id
      WHERE b.lift_id IS NOT NULL AND b.valid_to IS NULL AND (NOT r.online OR r.revoked_at IS NOT NULL)`,
    { type: QueryTypes.SELECT },
  );
  return new Set(rows.map((r) => r.lift_id));
}

export async function floorState(service: LabourService, sequelize: Sequelize): Promise<FloorStateDto> {
  const [{ state, snap }, offline] = await Promise.all([service.liveNow(), offlineLifts(sequelize)]);
  return presentFloor(state, snap.facts, offline);
}

export async function liftFloor(
  service: LabourService,
  sequelize: Sequelize,
  liftId: string,
): Promise<LiftFloorDto | null> {
  return presentLiftFloor(await floorState(service, sequelize), liftId);
}
