import { Op } from 'sequelize';
import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { conflict } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { Customer, Vehicle, VehicleOwnership } from '../models/index.ts';
import { plateKey } from '../rules/plate.ts';
import type { CreateVehicleInput } from '../workshop.schemas.ts';
import { presentVehicleSummary } from '../workshop.presenter.ts';
import { insertMileageReading } from './record-mileage.ts';

type VehicleFields = Omit<CreateVehicleInput, 'force'>;

/** Inserts the vehicle, opens its first ownership period and records the first reading. */
export async function insertVehicle(cx: CommandContext, input: VehicleFields): Promise<Vehicle> {
  const vehicle = await Vehicle.create(
    {
      id: newId(),
      customerId: input.customerId,
      vin: input.vin ?? null,
      plate: input.plate ?? null,
      plateKey: input.plate ? plateKey(input.plate) : null,
      make: input.make ?? null,
      model: input.model ?? null,
      year: input.year ?? null,
      engine: input.engine ?? null,
      color: input.color ?? null,
      notes: input.notes ?? null,
      createdAt: cx.now,
      updatedAt: cx.now,
    },
    { transaction: cx.tx },
  );
  await VehicleOwnership.create(
    { id: newId(), vehicleId: vehicle.id, customerId: input.customerId, startedAt: cx.now, endedAt: null },
    { transaction: cx.tx },
  );
  if (input.mileageKm !== undefined) {
    await insertMileageReading(cx, {
      vehicleId: vehicle.id,
      km: input.mileageKm,
      readAt: cx.now,
      source: 'manual',
      orderId: null,
      lowerConfirmed: false,
    });
  }
  return vehicle;
}

/** Adds a car to a customer; a VIN already on file is refused with the vehicle holding it unless `force`. */
export async function createVehicle(cx: CommandContext, input: CreateVehicleInput): Promise<Vehicle> {
  const owner = await Customer.findByPk(input.customerId, { transaction: cx.tx });
  if (!owner || owner.mergedIntoId)
    throw conflict('The customer does not exist or was merged into another one', undefined, 'customerId');
  if (input.vin && !input.force) {
    const same = await Vehicle.findAll({ where: { vin: { [Op.eq]: input.vin } }, transaction: cx.tx });
    if (same.length) {
      throw conflict(
        'A vehicle with this VIN is already on file; transfer it to the new owner, or send force: true',
        { vehicles: same.map((v) => ({ ...presentVehicleSummary(v), customerId: v.customerId })) },
        'vin',
      );
    }
  }
  const vehicle = await insertVehicle(cx, input);
  await recordAudit(cx, {
    action: 'vehicle.created',
    entityType: 'vehicle',
    entityId: vehicle.id,
    after: { ...presentVehicleSummary(vehicle), customerId: vehicle.customerId },
  });
  cx.emit({ type: 'vehicle.created', vehicleId: vehicle.id, customerId: vehicle.customerId });
  return vehicle;
}
