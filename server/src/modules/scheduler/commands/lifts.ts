import { QueryTypes } from 'sequelize';
import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { Lift, type LiftKind } from '../models/lift.ts';

export interface LiftInput {
  code: string;
  name: string;
  kind: LiftKind;
  status?: 'working' | 'out_of_order';
  position?: number;
  jobKinds?: string[];
}

const snapshot = (l: Lift) => ({
  code: l.code,
  name: l.name,
  kind: l.kind,
  status: l.status,
  position: l.position,
  jobKinds: l.jobKinds,
});

async function codeTaken(cx: CommandContext, code: string, exceptId: string | null) {
  const other = await Lift.findOne({ where: { code }, transaction: cx.tx });
  if (other && other.id !== exceptId)
    throw conflict(`The code ${code} is used by ${other.name}`, undefined, 'code');
}

export async function createLift(cx: CommandContext, input: LiftInput): Promise<Lift> {
  await codeTaken(cx, input.code, null);
  const lift = await Lift.create(
    {
      id: newId(),
      code: input.code,
      name: input.name,
      kind: input.kind,
      status: input.status ?? 'working',
      position: input.position ?? 0,
      jobKinds: [...new Set(input.jobKinds ?? [])],
      createdAt: cx.now,
      updatedAt: cx.now,
    },
    { transaction: cx.tx },
  );
  await recordAudit(cx, {
    action: 'lift.created',
    entityType: 'lift',
    entityId: lift.id,
    after: snapshot(lift),
  });
  cx.emit({ type: 'lift.changed', liftId: lift.id });
  return lift;
}

export async function updateLift(cx: CommandContext, id: string, input: Partial<LiftInput>): Promise<Lift> {
  const lift = await Lift.findByPk(id, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  if (!lift) throw notFound('Lift');
  if (input.code !== undefined) await codeTaken(cx, input.code, lift.id);
  const before = snapshot(lift);
  for (const key of ['code', 'name', 'kind', 'status', 'position'] as const) {
    if (input[key] !== undefined) lift.set(key, input[key]);
  }
  if (input.jobKinds !== undefined) lift.jobKinds = [...new Set(input.jobKinds)];
  lift.updatedAt = cx.now;
  await lift.save({ transaction: cx.tx });
  await recordAudit(cx, {
    action: 'lift.updated',
    entityType: 'lift',
    entityId: lift.id,
    before,
    after: snapshot(lift),
  });
  cx.emit({ type: 'lift.changed', liftId: lift.id, status: lift.status });
  return lift;
}

/** Only a lift with no history (bookings, placements, kiosks) can be deleted; otherwise mark it out of order. */
export async function deleteLift(cx: CommandContext, id: string): Promise<void> {
  const lift = await Lift.findByPk(id, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  if (!lift) throw notFound('Lift');
  const [refs] = await cx.sequelize.query<{ n: string }>(
    `SELECT (SELECT count(*) FROM appointments WHERE lift_id = :id) + (SELECT count(*) FROM lift_placements WHERE lift_id = :id)
          + (SELECT count(*) FROM kiosk_devices WHERE lift_id = :id) AS n`,
    { replacements: { id }, transaction: cx.tx, type: QueryTypes.SELECT },
  );
  if (Number(refs?.n ?? 0) > 0)
    throw conflict(`${lift.name} has bookings, placements or kiosks; mark it out of order instead`);
  await lift.destroy({ transaction: cx.tx });
  await recordAudit(cx, { action: 'lift.deleted', entityType: 'lift', entityId: id, before: snapshot(lift) });
  cx.emit({ type: 'lift.changed', liftId: id, deleted: true });
}
