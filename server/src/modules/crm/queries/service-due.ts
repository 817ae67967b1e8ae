import { select, type Executor } from '../db.ts';
import { estimateServiceDue, pickInterval } from '../rules/service-due.ts';

export interface IntervalRow {
  id: string;
  name: string;
  jobKind: string;
  make: string | null;
  vehicleId: string | null;
  months: number | null;
  km: number | null;
}

export interface ServiceDueItem {
  vehicleId: string;
  customerId: string;
  customerName: string;
  ownerId: string | null;
  make: string | null;
  model: string | null;
  plate: string | null;
  interval: { id: string; name: string; jobKind: string; months: number | null; km: number | null };
  lastServiceAt: string | null;
  lastServiceKm: number | null;
  dueAt: string;
  dueKm: number | null;
  estimatedKmNow: number | null;
  reason: 'time' | 'mileage';
  overdue: boolean;
}

export async function activeIntervals(ex: Executor): Promise<IntervalRow[]> {
  return select<IntervalRow>(
    ex,
    `SELECT id, name, job_kind AS "jobKind", make, vehicle_id AS "vehicleId", months, km FROM service_intervals WHERE active ORDER BY created_at`,
  );
}

interface VehicleFacts {
  id: string;
  customer_id: string;
  customer_name: string;
  owner_id: string | null;
  make: string | null;
  model: string | null;
  plate: string | null;
  since: Date;
  readings: Array<{ km: number; at: string }> | null;
  services: Array<{ kind: string; at: string; km: number | null }> | null;
}

/**
 * Vehicles due for a service by `now + horizonDays` (or overdue), with the interval that applies
 * (rules/service-due.ts) and the estimate. Merged-away customers and vehicles without an owner are skipped.
 */
export async function computeServiceDue(
  ex: Executor,
  now: Date,
  horizonDays: number,
  options: { ownerId?: string | null; limit?: number } = {},
): Promise<ServiceDueItem[]> {
  const intervals = await activeIntervals(ex);
  if (!intervals.length) return [];
  const kinds = [...new Set(intervals.map((i) => i.jobKind))];
  const horizon = now.getTime() + horizonDays * 86_400_000;
  const out: ServiceDueItem[] = [];
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const vehicles = await select<VehicleFacts>(
      ex,
      `SELECT v.id, v.customer_id, c.name AS customer_name, c.owner_id, v.make, v.model, v.plate, v.created_at AS since,
              (SELECT json_agg(json_build_object('km', r.km, 'at', r.read_at) ORDER BY r.read_at)
                 FROM mileage_readings r WHERE r.vehicle_id = v.id AND r.read_at >= :since2y) AS readings,
              (SELECT json_agg(json_build_object('kind', s.job_kind, 'at', s.at, 'km', s.km))
                 FROM (SELECT DISTINCT ON (j.job_kind) j.job_kind, o.created_at AS at, o.mileage_km AS km
                         FROM repair_orders o JOIN order_jobs j ON j.order_id = o.id
                        WHERE o.vehicle_id = v.id AND o.status IN ('handed_over', 'closed') AND j.job_kind IN (:kinds)
                          AND (j.decision IS NULL OR j.decision = 'approved')
                        ORDER BY j.job_kind, o.created_at DESC) s) AS services
         FROM vehicles v JOIN customers c ON c.id = v.customer_id AND c.merged_into_id IS NULL
        WHERE v.id > :after ${options.ownerId ? 'AND c.owner_id = :ownerId' : ''}
        ORDER BY v.id LIMIT 1000`,
      { after, kinds, since2y: new Date(now.getTime() - 730 * 86_400_000), ownerId: options.ownerId ?? null },
    );
    if (!vehicles.length) break;
    after = vehicles[vehicles.length - 1]!.id;
    for (const v of vehicles) {
      const readings = (v.readings ?? []).map((r) => ({ km: Number(r.km), at: new Date(r.at) }));
      for (const kind of kinds) {
        const interval = pickInterval(intervals, { id: v.id, make: v.make }, kind);
        if (!interval) continue;
        const service = (v.services ?? []).find((s) => s.kind === kind);
        const lastService = service
          ? { at: new Date(service.at), km: service.km === null ? null : Number(service.km) }
          : null;
        const estimate = estimateServiceDue({
          interval,
          lastService,
          since: new Date(v.since),
          readings,
          now,
        });
        if (!estimate.dueAt || !estimate.reason || estimate.dueAt.getTime() > horizon) continue;
        out.push({
          vehicleId: v.id,
          customerId: v.customer_id,
          customerName: v.customer_name,
          ownerId: v.owner_id,
          make: v.make,
          model: v.model,
          plate: v.plate,
          interval: {
            id: interval.id,
            name: interval.name,
            jobKind: interval.jobKind,
            months: interval.months,
            km: interval.km,
          },
          lastServiceAt: lastService ? lastService.at.toISOString() : null,
          lastServiceKm: lastService?.km ?? null,
          dueAt: estimate.dueAt.toISOString(),
          dueKm: estimate.dueKm,
          estimatedKmNow: estimate.estimatedKmNow,
          reason: estimate.reason,
          overdue: estimate.dueAt.getTime() < now.getTime(),
        });
      }
    }
    if (vehicles.length < 1000 || (options.limit && out.length >= options.limit)) break;
  }
  out.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return options.limit ? out.slice(0, options.limit) : out;
}
