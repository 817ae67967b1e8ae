import { QueryTypes } from 'sequelize';
import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';

export type BindingKind = 'reader' | 'lift_sensor' | 'bay_sensor';

interface ActiveBinding {
  id: string;
  kind: BindingKind;
  lift_id: string | null;
  entrance: boolean;
}

async function activeBinding(
  cx: CommandContext,
  bridgeId: string,
  deviceId: string,
): Promise<ActiveBinding | undefined> {
  const [row] = await cx.sequelize.query<ActiveBinding>(
    `SELECT id, kind, lift_id, entrance FROM bridge_bindings WHERE bridge_id = :bridgeId AND device_id = :deviceId AND valid_to IS NULL FOR UPDATE`,
    { transaction: cx.tx, replacements: { bridgeId, deviceId }, type: QueryTypes.SELECT },
  );
  return row;
}

async function closeBinding(cx: CommandContext, id: string): Promise<void> {
  await cx.sequelize.query('UPDATE bridge_bindings SET valid_to = :now WHERE id = :id', {
    transaction: cx.tx,
    replacements: { id, now: cx.now },
  });
}

/**
 * Binds a bridge's reader or sensor to a lift (or a reader to the entrance) from now on. A previous
 * binding of the same device is closed at this instant, so taps before now keep their old meaning.
 */
export async function bindDevice(
  cx: CommandContext,
  input: { bridgeId: string; deviceId: string; kind: BindingKind; liftId?: string; entrance?: boolean },
): Promise<void> {
  const [bridge] = await cx.sequelize.query<{ revoked_at: Date | null }>(
    'SELECT revoked_at FROM bridges WHERE id = :id',
    {
      transaction: cx.tx,
      replacements: { id: input.bridgeId },
      type: QueryTypes.SELECT,
    },
  );
  if (!bridge) throw notFound('Bridge');
  if (bridge.revoked_at) throw conflict('This bridge is revoked');
  if (input.liftId) {
    const [lift] = await cx.sequelize.query('SELECT 1 FROM lifts WHERE id = :id', {
      transaction: cx.tx,
      replacements: { id: input.liftId },
      type: QueryTypes.SELECT,
    });
    if (!lift) throw notFound('Lift');
  }
  const current = await activeBinding(cx, input.bridgeId, input.deviceId);
  const same =
    current &&
    current.kind === input.kind &&
    current.lift_id === (input.liftId ?? null) &&
    current.entrance === !!input.entrance;
  if (same) return;
  if (current) await closeBinding(cx, current.id);
  await cx.sequelize.query(
    `INSERT INTO bridge_bindings (id, bridge_id, device_id, kind, lift_id, entrance, valid_from, created_by)
     VALUES (:id, :bridgeId, :deviceId, :kind, :liftId, :entrance, :now, :by)`,
    {
      transaction: cx.tx,
      replacements: {
        id: newId(),
        bridgeId: input.bridgeId,
        deviceId: input.deviceId,
        kind: input.kind,
        liftId: input.liftId ?? null,
        entrance: !!input.entrance,
        now: cx.now,
        by: cx.actor.type === 'user' ? cx.actor.id : null,
      },
    },
  );
  await recordAudit(cx, {
    action: 'bridge.device_bound',
    entityType: 'bridge',
    entityId: input.bridgeId,
    before: current
      ? { deviceId: input.deviceId, kind: current.kind, liftId: current.lift_id, entrance: current.entrance }
      : null,
    after: {
      deviceId: input.deviceId,
      kind: input.kind,
      liftId: input.liftId ?? null,
      entrance: !!input.entrance,
    },
  });
  cx.emit({ type: 'bridge.bindings_changed', bridgeId: input.bridgeId });
}

export async function unbindDevice(
  cx: CommandContext,
  input: { bridgeId: string; deviceId: string },
): Promise<void> {
  const current = await activeBinding(cx, input.bridgeId, input.deviceId);
  if (!current) throw notFound('Binding');
  await closeBinding(cx, current.id);
  await recordAudit(cx, {
    action: 'bridge.device_unbound',
    entityType: 'bridge',
    entityId: input.bridgeId,
    before: {
      deviceId: input.deviceId,
      kind: current.kind,
      liftId: current.lift_id,
      entrance: current.entrance,
    },
  });
  cx.emit({ type: 'bridge.bindings_changed', bridgeId: input.bridgeId });
}
