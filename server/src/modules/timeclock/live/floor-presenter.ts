import type {
  FloorLiftDto,
  FloorMechanicDto,
  FloorStateDto,
  LabourKind,
  LiftFloorDto,
} from '../../../contracts/labour.ts';
import type { LiveState } from '../engine/index.ts';
import type { StationFacts } from '../model/load-station-model.ts';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The engine's live state joined with names, cars and bridge availability (contracts/labour.ts). */
export function presentFloor(
  live: LiveState,
  facts: StationFacts,
  offlineLifts: ReadonlySet<string>,
): FloorStateDto {
  const nameOf = (id: string) =>
    facts.staff.get(id)?.name ?? live.mechanics.find((m) => m.mechanicId === id)?.name ?? id;
  const byId = new Map(live.lifts.map((l) => [l.liftId, l]));
  const lifts: FloorLiftDto[] = [...facts.lifts.values()].map((lift) => {
    const l = byId.get(lift.id);
    const order = l?.orderId ? facts.orders.get(l.orderId) : undefined;
    return {
      liftId: lift.id,
      code: lift.code,
      name: lift.name,
      status: lift.status,
      order:
        l?.orderId && order
          ? {
              id: order.id,
              number: order.number,
              vehicle: order.vehicle,
              plate: order.plate,
              status: order.status,
            }
          : null,
      raised: l?.raised ?? false,
      bayOccupied: l?.bayOccupied ?? false,
      mechanics: (l?.mechanics ?? []).map((m) => ({
        staffId: m.mechanicId,
        name: nameOf(m.mechanicId),
        since: iso(m.since)!,
        kind: m.kind as LabourKind,
        jobIds: m.jobIds,
      })),
      jobs: (l?.jobs ?? []).map((j) => ({
        jobId: j.jobId,
        name: j.name,
        state: j.state,
        waitReason: j.waitReason,
        waitingSince: iso(j.waitingSince),
        assignees: j.assignees.map((staffId) => ({ staffId, name: nameOf(staffId) })),
        productiveSeconds: j.productiveSeconds,
        normSeconds: j.normSeconds,
        overNorm: j.overNorm,
      })),
      untrackedSince: l?.untracked ? iso(l.untracked.since) : null,
      bridgeOffline: offlineLifts.has(lift.id),
    };
  });
  const mechanics: FloorMechanicDto[] = live.mechanics.map((m) => ({
    staffId: m.mechanicId,
    name: nameOf(m.mechanicId),
    state: m.state,
    liftId: m.liftId,
    kind: m.kind as LabourKind | null,
    since: iso(m.since),
  }));
  return {
    at: iso(live.at)!,
    date: live.date,
    lifts,
    mechanics,
    openWaits: live.openWaits.map((w) => ({
      jobId: w.jobId,
      orderId: w.orderId,
      liftId: w.liftId,
      reason: w.reason,
      since: iso(w.since)!,
    })),
    autoClosedToday: live.autoClosedToday.length,
  };
}

/** One lift's part of the floor, for its kiosk: the mechanics listed are those at the station. */
export function presentLiftFloor(floor: FloorStateDto, liftId: string): LiftFloorDto | null {
  const lift = floor.lifts.find((l) => l.liftId === liftId);
  if (!lift) return null;
  return { at: floor.at, lift, mechanics: floor.mechanics.filter((m) => m.state !== 'absent') };
}
