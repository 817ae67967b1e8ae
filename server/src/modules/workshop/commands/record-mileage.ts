import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { actorUserId } from '../actor.ts';
import { MileageReading, Vehicle } from '../models/index.ts';

export interface MileageRow {
  vehicleId: string;
  km: number;
  readAt: Date;
  source: 'manual' | 'intake' | 'import';
  orderId: string | null;
  lowerConfirmed: boolean;
}

export async function insertMileageReading(cx: CommandContext, row: MileageRow): Promise<MileageReading> {
  return MileageReading.create(
    {
      id: newId(),
      ...row,
      recordedBy: actorUserId(cx.actor),
      recordedByName: cx.actor.name,
      createdAt: cx.now,
    },
    { transaction: cx.tx },
  );
}

export async function lastMileage(
  cx: Pick<CommandContext, 'tx'>,
  vehicleId: string,
): Promise<MileageReading | null> {
  return MileageReading.findOne({
    where: { vehicleId },
    order: [
      ['readAt', 'DESC'],
      ['createdAt', 'DESC'],
    ],
    transaction: cx.tx,
  });
}

/**
 * Records an odometer reading. A reading lower than the last one is usually a typo, so it needs
 * `confirmLowerMileage: true` (an exchanged instrument cluster, a wrong earlier reading); without it
 * the answer is 409 with the last reading.
 */
export async function checkedMileage(
  cx: CommandContext,
  input: {
    vehicleId: string;
    km: number;
    readAt?: Date;
    confirmLowerMileage?: boolean;
    source: MileageRow['source'];
    orderId?: string | null;
  },
): Promise<MileageReading> {
  const vehicle = await Vehicle.findByPk(input.vehicleId, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  if (!vehicle) throw notFound('Vehicle');
  const readAt = input.readAt ?? cx.now;
  if (readAt.getTime() > cx.now.getTime() + 5 * 60_000)
    throw badRequest('readAt: must not be in the future', 'readAt');
  const last = await lastMileage(cx, vehicle.id);
  const lower = last !== null && input.km < last.km;
  if (lower && !input.confirmLowerMileage) {
    throw conflict(
      `The mileage ${input.km} km is lower than the last reading (${last.km} km); send confirmLowerMileage: true if it is right`,
      { lastKm: last.km, lastReadAt: last.readAt.toISOString() },
      'km',
    );
  }
  return insertMileageReading(cx, {
    vehicleId: vehicle.id,
    km: input.km,
    readAt,
    source: input.source,
    orderId: input.orderId ?? null,
    lowerConfirmed: lower,
  });
}

export async function recordMileage(
  cx: CommandContext,
  input: { vehicleId: string; km: number; readAt?: Date; confirmLowerMileage?: boolean },
): Promise<MileageReading> {
  const reading = await checkedMileage(cx, { ...input, source: 'manual' });
  await recordAudit(cx, {
    action: 'vehicle.mileage_recorded',
    entityType: 'vehicle',
    entityId: input.vehicleId,
    after: { km: reading.km, readAt: reading.readAt, lowerConfirmed: reading.lowerConfirmed },
  });
  return reading;
}
