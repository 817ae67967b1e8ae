import type {
  JobFiguresDto,
  LiftFiguresDto,
  MechanicFiguresDto,
  ReviewItemDto,
  TimeFiguresDto,
} from '../../../contracts/labour.ts';
import { computeFigures, type Figures, type TimeFigures } from '../engine/index.ts';
import type { LabourService } from '../live/labour-service.ts';
import type { StationFacts } from '../model/load-station-model.ts';

/** The figures API: the engine's figures for a period of station-local days, as DTOs. */

async function figuresFor(service: LabourService, from: string, to: string) {
  const { derivation, snap } = await service.derivation(from, to);
  const today = service.todayDate();
  const period = { from, to: to > derivation.to ? derivation.to : to };
  if (period.to < period.from || (from > today && to > today)) return { figures: null, facts: snap.facts };
  return { figures: computeFigures(snap.station, derivation, period), facts: snap.facts };
}

function timeFigures(f: TimeFigures): TimeFiguresDto {
  return {
    presentSeconds: f.presentSeconds,
    breakSeconds: f.breakSeconds,
    availableSeconds: f.availableSeconds,
    productiveSeconds: f.productiveSeconds,
    waitingSeconds: { ...f.waitingSeconds },
    unassignedSeconds: f.unassignedSeconds,
    idleSeconds: f.idleSeconds,
    billedSeconds: f.billedSeconds,
    efficiency: f.efficiency,
    productivity: f.productivity,
    proficiency: f.proficiency,
  };
}

const ZERO_WAITS = () => ({ parts: 0, approval: 0, tool: 0, lift: 0, other: 0 });
const EMPTY: TimeFigures = {
  scheduledSeconds: 0,
  presentSeconds: 0,
  absentSeconds: 0,
  breakSeconds: 0,
  availableSeconds: 0,
  productiveSeconds: 0,
  waitingSeconds: ZERO_WAITS(),
  waitingTotalSeconds: 0,
  unassignedSeconds: 0,
  idleSeconds: 0,
  billedSeconds: 0,
  efficiency: null,
  productivity: null,
  proficiency: null,
};

export async function mechanicFigures(
  service: LabourService,
  from: string,
  to: string,
  onlyStaffId: string | null,
): Promise<MechanicFiguresDto[]> {
  const { figures, facts } = await figuresFor(service, from, to);
  const byId = new Map((figures?.mechanics ?? []).map((m) => [m.mechanicId, m]));
  return facts.model.mechanics
    .filter((m) => onlyStaffId === null || m.id === onlyStaffId)
    .map((m) => ({ staffId: m.id, name: m.name, ...timeFigures(byId.get(m.id) ?? EMPTY) }));
}

export async function liftFigures(
  service: LabourService,
  from: string,
  to: string,
): Promise<LiftFiguresDto[]> {
  const { figures, facts } = await figuresFor(service, from, to);
  const byId = new Map((figures?.lifts ?? []).map((l) => [l.liftId, l]));
  return [...facts.lifts.values()].map((lift) => {
    const f = byId.get(lift.id);
    return {
      liftId: lift.id,
      name: lift.name,
      occupiedSeconds: f?.occupiedSeconds ?? 0,
      workedSeconds: f?.workedSeconds ?? 0,
      untrackedSeconds: f?.untrackedSeconds ?? 0,
      openSeconds: f?.openSeconds ?? 0,
      utilisation: f?.utilisation ?? null,
    };
  });
}

/** One job over its whole history (from the first event to now). */
export async function jobFigures(
  service: LabourService,
  job: { id: string; orderId: string; name: string; normSeconds: number },
): Promise<JobFiguresDto & { actualSeconds: number; mechanicWaitingSeconds: Record<string, number> }> {
  const today = service.todayDate();
  const { derivation, snap } = await service.derivation(service.firstDate(), today);
  const figures: Figures = computeFigures(snap.station, derivation, {
    from: derivation.from,
    to: derivation.to,
  });
  const f = figures.jobs.find((j) => j.jobId === job.id);
  const nameOf = (id: string) => snap.facts.staff.get(id)?.name ?? id;
  return {
    jobId: job.id,
    orderId: job.orderId,
    name: job.name,
    normSeconds: job.normSeconds,
    productiveSeconds: f?.productiveSeconds ?? 0,
    productiveByMechanic: Object.entries(f?.productiveByMechanic ?? {})
      .map(([staffId, seconds]) => ({ staffId, name: nameOf(staffId), seconds }))
      .sort((a, b) => b.seconds - a.seconds || (a.staffId < b.staffId ? -1 : 1)),
    waitingSeconds: f ? { ...f.waitElapsedSeconds } : ZERO_WAITS(),
    actualSeconds: f?.actualSeconds ?? 0,
    mechanicWaitingSeconds: f ? { ...f.mechanicWaitingSeconds } : ZERO_WAITS(),
  };
}

/** Suspicious: a session open this long without a break is worth a look even if it was closed by a tap. */
export const LONG_SESSION_SECONDS = 6 * 3600;

export async function reviewList(service: LabourService, from: string, to: string): Promise<ReviewItemDto[]> {
  const { figures, facts } = await figuresFor(service, from, to);
  if (!figures) return [];
  const items: ReviewItemDto[] = figures.review.map((r) => ({
    id: `${r.mechanicId}:${r.openedAt}`,
    kind: r.closedBy === 'auto' ? ('auto_closed' as const) : ('suspicious' as const),
    staffId: r.mechanicId,
    name: nameOf(facts, r.mechanicId),
    liftId: r.liftId,
    openedAt: r.openedAt,
    closedAt: r.closedAt,
    reason: r.closedBy === 'auto' ? (r.autoRule ?? 'auto') : `corrected: ${r.correction?.reason ?? ''}`,
  }));
  const { derivation } = await service.derivation(from, to);
  const seen = new Set(items.map((i) => i.id));
  for (const day of derivation.mechanicDays) {
    if (day.date < from || day.date > to) continue;
    for (const s of day.sessions) {
      if (s.closedAt === null || (s.closedAt - s.openedAt) / 1000 < LONG_SESSION_SECONDS) continue;
      const id = `${s.mechanicId}:${new Date(s.openedAt).toISOString()}`;
      if (seen.has(id)) continue;
      seen.add(id);
      items.push({
        id,
        kind: 'suspicious',
        staffId: s.mechanicId,
        name: nameOf(facts, s.mechanicId),
        liftId: s.liftId,
        openedAt: new Date(s.openedAt).toISOString(),
        closedAt: new Date(s.closedAt).toISOString(),
        reason: 'long_session',
      });
    }
  }
  return items.sort((a, b) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : 0));
}

function nameOf(facts: StationFacts, id: string): string {
  return facts.staff.get(id)?.name ?? id;
}
