import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Page } from '../../../contracts/dto.ts';
import type { MileageReadingDto, OwnershipDto, VehicleDto } from '../../../contracts/workshop.ts';
import { notFound } from '../../../platform/errors.ts';
import { Customer, MileageReading, Vehicle } from '../models/index.ts';
import { plateKey } from '../rules/plate.ts';
import { normalizeVin } from '../rules/vin.ts';
import { iso, presentVehicle } from '../workshop.presenter.ts';

export async function vehicleDto(vehicle: Vehicle, tx?: Transaction): Promise<VehicleDto> {
  const [owner, last] = await Promise.all([
    vehicle.customerId
      ? Customer.findByPk(vehicle.customerId, { transaction: tx, attributes: ['id', 'name'] })
      : null,
    MileageReading.findOne({
      where: { vehicleId: vehicle.id },
      order: [
        ['readAt', 'DESC'],
        ['createdAt', 'DESC'],
      ],
      transaction: tx,
    }),
  ]);
  return presentVehicle(vehicle, {
    customerName: owner?.name ?? null,
    lastMileage: last ? { km: last.km, readAt: last.readAt } : null,
  });
}

export async function getVehicle(id: string, tx?: Transaction): Promise<Vehicle> {
  const vehicle = await Vehicle.findByPk(id, { transaction: tx });
  if (!vehicle) throw notFound('Vehicle');
  return vehicle;
}

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => '\\' + c);

export async function searchVehicles(
  sequelize: Sequelize,
  q: {
    plate?: string;
    vin?: string;
    customerId?: string;
    ownerId?: string | null;
    offset: number;
    limit: number;
  },
): Promise<Page<VehicleDto>> {
  const conditions: string[] = ['true'];
  const replacements: Record<string, unknown> = { offset: q.offset, limit: q.limit };
  if (q.plate) {
    conditions.push('v.plate_key LIKE :plate');
    replacements.plate = `%${likeEscape(plateKey(q.plate))}%`;
  }
  if (q.vin) {
    conditions.push('v.vin LIKE :vin');
    replacements.vin = `%${likeEscape(normalizeVin(q.vin))}%`;
  }
  if (q.customerId) {
    conditions.push('v.customer_id = :customerId');
    replacements.customerId = q.customerId;
  }
  if (q.ownerId) {
    conditions.push('c.owner_id = :ownerId');
    replacements.ownerId = q.ownerId;
  }
  const rows = await sequelize.query<{ id: string; total: string }>(
    `SELECT v.id, count(*) OVER () AS total FROM vehicles v LEFT JOIN customers c ON c.id = v.customer_id
      WHERE ${conditions.join(' AND ')} ORDER BY v.plate_key NULLS LAST, v.id OFFSET :offset LIMIT :limit`,
    { replacements, type: QueryTypes.SELECT },
  );
  const vehicles = await Vehicle.findAll({ where: { id: rows.map((r) => r.id) } });
  const byId = new Map(vehicles.map((v) => [v.id, v]));
  const items = await Promise.all(rows.map((r) => vehicleDto(byId.get(r.id)!)));
  return { items, total: Number(rows[0]?.total ?? 0), offset: q.offset, limit: q.limit };
}

export async function mileageHistory(vehicleId: string, tx?: Transaction): Promise<MileageReadingDto[]> {
  const readings = await MileageReading.findAll({
    where: { vehicleId },
    order: [
      ['readAt', 'DESC'],
      ['createdAt', 'DESC'],
    ],
    transaction: tx,
  });
  return readings.map((r) => ({
    id: r.id,
    km: r.km,
    readAt: iso(r.readAt)!,
    source: r.source,
    orderId: r.orderId,
    lowerConfirmed: r.lowerConfirmed,
    recordedByName: r.recordedByName,
  }));
}

export async function ownershipHistory(
  sequelize: Sequelize,
  vehicleId: string,
  tx?: Transaction,
): Promise<OwnershipDto[]> {
  const rows = await sequelize.query<{
    id: string;
    customer_id: string;
    name: string;
    started_at: Date;
    ended_at: Date | null;
  }>(
    `SELECT o.id, o.customer_id, c.name, o.started_at, o.ended_at FROM vehicle_ownerships o JOIN customers c ON c.id = o.customer_id
      WHERE o.vehicle_id = :vehicleId ORDER BY o.started_at DESC, o.ended_at DESC NULLS FIRST`,
    { replacements: { vehicleId }, type: QueryTypes.SELECT, transaction: tx },
  );
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    customerName: r.name,
    startedAt: iso(r.started_at)!,
    endedAt: iso(r.ended_at),
  }));
}
