import { QueryTypes, type Sequelize } from 'sequelize';
import {
  ENTRANCE,
  type IsoWeekday,
  type MechanicModel,
  type RepairOrderModel,
  type StationModel,
  type WeeklyWindow,
} from '../engine/index.ts';
import { openingHoursFrom } from './opening-hours.ts';

/** What the engine must know besides the log, read from the station's tables (see engine/types.ts). */

export interface StationFacts {
  model: StationModel;
  lifts: Map<
    string,
    { id: string; code: string; name: string; status: 'working' | 'out_of_order'; position: number }
  >;
  staff: Map<string, { id: string; name: string; position: string; active: boolean }>;
  orders: Map<string, { id: string; number: string; status: string; vehicle: string; plate: string | null }>;
  jobs: Map<string, { id: string; orderId: string; name: string; normSeconds: number }>;
}

const ms = (d: Date | string | null): number | undefined => (d === null ? undefined : new Date(d).getTime());
const q = <T extends object>(sequelize: Sequelize, sql: string) =>
  sequelize.query<T>(sql, { type: QueryTypes.SELECT });

export async function loadStationModel(sequelize: Sequelize, timeZone: string): Promise<StationFacts> {
  const [staff, badges, shifts, lifts, readers, orders, jobs] = await Promise.all([
    q<{ id: string; full_name: string; position: string; active: boolean }>(
      sequelize,
      `SELECT id, full_name, position, active FROM staff ORDER BY full_name, id`,
    ),
    q<{ staff_id: string; uid: string; assigned_at: Date; revoked_at: Date | null }>(
      sequelize,
      `SELECT staff_id, uid, assigned_at, revoked_at FROM badges`,
    ),
    q<{ staff_id: string; weekday: number; starts_at: string; ends_at: string }>(
      sequelize,
      `SELECT staff_id, weekday, starts_at::text, ends_at::text FROM mechanic_shifts`,
    ),
    q<{ id: string; code: string; name: string; status: 'working' | 'out_of_order'; position: number }>(
      sequelize,
      `SELECT id, code, name, status, position FROM lifts ORDER BY position, code`,
    ),
    q<{
      bridge_id: string;
      device_id: string;
      kind: string;
      lift_id: string | null;
      entrance: boolean;
      valid_from: Date;
      valid_to: Date | null;
    }>(
      sequelize,
      `SELECT bridge_id, device_id, kind, lift_id, entrance, valid_from, valid_to FROM bridge_bindings`,
    ),
    // The orders the log speaks of, and those on a lift or open for work now.
    q<{
      id: string;
      number: string;
      status: string;
      make: string | null;
      model: string | null;
      plate: string | null;
    }>(
      sequelize,
      `SELECT o.id, o.number, o.status, v.make, v.model, v.plate
         FROM repair_orders o JOIN vehicles v ON v.id = o.vehicle_id
        WHERE o.id IN (SELECT order_id FROM labour_events WHERE order_id IS NOT NULL)
           OR o.id IN (SELECT order_id FROM lift_placements WHERE removed_at IS NULL)
           OR o.status IN ('approved', 'in_work')`,
    ),
    q<{ id: string; order_id: string; name: string; norm_seconds: number; decision: string | null }>(
      sequelize,
      `SELECT j.id, j.order_id, j.name, j.norm_seconds, j.decision FROM order_jobs j
        WHERE j.order_id IN (SELECT order_id FROM labour_events WHERE order_id IS NOT NULL)
           OR j.order_id IN (SELECT order_id FROM lift_placements WHERE removed_at IS NULL)
           OR j.order_id IN (SELECT id FROM repair_orders WHERE status IN ('approved', 'in_work'))
        ORDER BY j.order_id, j.position`,
    ),
  ]);

  const shopFloor = staff.filter((s) => s.position === 'mechanic' || s.position === 'foreman');
  const shiftsOf = new Map<string, WeeklyWindow[]>();
  for (const s of shifts) {
    const list = shiftsOf.get(s.staff_id) ?? [];
    list.push({
      weekday: s.weekday as IsoWeekday,
      start: s.starts_at.slice(0, 8),
      end: s.ends_at.slice(0, 8),
    });
    shiftsOf.set(s.staff_id, list);
  }
  const mechanics: MechanicModel[] = shopFloor.map((s) => ({
    id: s.id,
    name: s.full_name,
    badges: badges
      .filter((b) => b.staff_id === s.id)
      .map((b) => ({ uid: b.uid, validFrom: ms(b.assigned_at), validTo: ms(b.revoked_at) })),
    shifts: shiftsOf.get(s.id) ?? [],
  }));

  const orderModels = new Map<string, RepairOrderModel>();
  for (const o of orders) orderModels.set(o.id, { id: o.id, number: o.number, jobs: [] });
  for (const j of jobs) {
    orderModels.get(j.order_id)?.jobs.push({
      id: j.id,
      orderId: j.order_id,
      name: j.name,
      normSeconds: j.norm_seconds,
      declined: j.decision === 'declined',
    });
  }

  const model: StationModel = {
    timeZone,
    openingHours: openingHoursFrom(mechanics),
    mechanics,
    lifts: lifts.map((l) => ({ id: l.id, code: l.code })),
    readers: readers
      .filter((r) => r.kind === 'reader')
      .map((r) => ({
        bridgeId: r.bridge_id,
        readerId: r.device_id,
        target: r.entrance ? ENTRANCE : r.lift_id!,
        validFrom: ms(r.valid_from),
        validTo: ms(r.valid_to),
      })),
    sensors: readers
      .filter((r) => r.kind !== 'reader')
      .map((r) => ({
        bridgeId: r.bridge_id,
        sensorId: r.device_id,
        liftId: r.lift_id!,
        kind: r.kind === 'lift_sensor' ? ('lift' as const) : ('bay' as const),
        validFrom: ms(r.valid_from),
        validTo: ms(r.valid_to),
      })),
    orders: [...orderModels.values()],
  };
  return {
    model,
    lifts: new Map(lifts.map((l) => [l.id, l])),
    staff: new Map(
      staff.map((s) => [s.id, { id: s.id, name: s.full_name, position: s.position, active: s.active }]),
    ),
    orders: new Map(
      orders.map((o) => [
        o.id,
        {
          id: o.id,
          number: o.number,
          status: o.status,
          vehicle: [o.make, o.model].filter(Boolean).join(' ') || o.plate || '',
          plate: o.plate,
        },
      ]),
    ),
    jobs: new Map(
      jobs.map((j) => [j.id, { id: j.id, orderId: j.order_id, name: j.name, normSeconds: j.norm_seconds }]),
    ),
  };
}
