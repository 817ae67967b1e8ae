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

/** The offline lifts are read again after this long even when no bridge change was announced. */
const OFFLINE_LIFTS_MAX_AGE_MS = 5_000;

/**
 * The floor now: the labour state and which lifts' bridges are offline. The latter is kept between
 * floor pushes (one push per tap would otherwise ask the database the same question each time) and
 * dropped when a bridge's availability, registration or bindings change.
 */
export class LiveFloor {
  private offline: { at: number; lifts: Promise<Set<string>> } | null = null;

  constructor(
    private readonly service: LabourService,
    private readonly sequelize: Sequelize,
  ) {}

  bridgesChanged(): void {
    this.offline = null;
  }

  async state(): Promise<FloorStateDto> {
    const [{ state, snap }, offline] = await Promise.all([this.service.liveNow(), this.offlineLifts()]);
    return presentFloor(state, snap.facts, offline);
  }

  async lift(liftId: string): Promise<LiftFloorDto | null> {
    return presentLiftFloor(await this.state(), liftId);
  }

  private offlineLifts(): Promise<Set<string>> {
    const now = Date.now();
    if (!this.offline || now - this.offline.at > OFFLINE_LIFTS_MAX_AGE_MS) {
      const entry = { at: now, lifts: offlineLifts(this.sequelize) };
      entry.lifts.catch(() => {
        if (this.offline === entry) this.offline = null;
      });
      this.offline = entry;
    }
    return this.offline.lifts;
  }
}
