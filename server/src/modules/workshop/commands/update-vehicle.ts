import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { Customer, Vehicle, VehicleOwnership } from '../models/index.ts';
import { plateKey } from '../rules/plate.ts';
import type { UpdateVehicleInput } from '../workshop.schemas.ts';
import { presentVehicleSummary } from '../workshop.presenter.ts';

export async function updateVehicle(
  cx: CommandContext,
  vehicleId: string,
  input: UpdateVehicleInput,
): Promise<Vehicle> {
  const vehicle = await Vehicle.findByPk(vehicleId, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  if (!vehicle) throw notFound('Vehicle');
  const before = { ...presentVehicleSummary(vehicle), engine: vehicle.engine, color: vehicle.color };
  for (const key of ['vin', 'make', 'model', 'year', 'engine', 'color', 'notes'] as const) {
    if (input[key] !== undefined) vehicle.set(key, input[key]);
  }
  if (input.plate !== undefined) {
    vehicle.plate = input.plate;
    vehicle.plateKey = input.plate ? plateKey(input.plate) : null;
  }
  vehicle.updatedAt = cx.now;
  await vehicle.save({ transaction: cx.tx });
  await recordAudit(cx, {
    action: 'vehicle.updated',
    entityType: 'vehicle',
    entityId: vehicle.id,
    before,
    after: { ...presentVehicleSummary(vehicle), engine: vehicle.engine, color: vehicle.color },
  });
  return vehicle;
}

/** The car changes hands: the current ownership period ends now and the new owner's begins. */
export async function transferVehicle(
  cx: CommandContext,
  input: { vehicleId: string; customerId: string },
): Promise<Vehicle> {
  const vehicle = await Vehicle.findByPk(input.vehicleId, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  if (!vehicle) throw notFound('Vehicle');
  const owner = await Customer.findByPk(input.customerId, { transaction: cx.tx });
  if (!owner || owner.mergedIntoId) throw notFound('Customer');
  if (vehicle.customerId === owner.id)
    throw conflict('The vehicle already belongs to this customer', undefined, 'customerId');
  const from = vehicle.customerId;
  await VehicleOwnership.update(
    { endedAt: cx.now },
    { where: { vehicleId: vehicle.id, endedAt: null }, transaction: cx.tx },
  );
  await VehicleOwnership.create(
    { id: newId(), vehicleId: vehicle.id, customerId: owner.id, startedAt: cx.now, endedAt: null },
    { transaction: cx.tx },
  );
  vehicle.customerId = owner.id;
  vehicle.updatedAt = cx.now;
  await vehicle.save({ transaction: cx.tx });
  await recordAudit(cx, {
    action: 'vehicle.transferred',
    entityType: 'vehicle',
    entityId: vehicle.id,
    before: { customerId: from },
    after: { customerId: owner.id },
  });
  cx.emit({
    type: 'vehicle.transferred',
    vehicleId: vehicle.id,
    fromCustomerId: from,
    toCustomerId: owner.id,
  });
  return vehicle;
}
