import { QueryTypes } from 'sequelize';
import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { conflict, notFound } from '../../../platform/errors.ts';
import { hashToken, newToken } from '../../../platform/ids.ts';

export interface BridgeRow {
  id: string;
  name: string;
  location: string | null;
  revoked_at: Date | null;
}

async function lockBridge(cx: CommandContext, id: string): Promise<BridgeRow> {
  const [row] = await cx.sequelize.query<BridgeRow>(
    'SELECT id, name, location, revoked_at FROM bridges WHERE id = :id FOR UPDATE',
    {
      transaction: cx.tx,
      replacements: { id },
      type: QueryTypes.SELECT,
    },
  );
  if (!row) throw notFound('Bridge');
  return row;
}

const secretHash = (secret: string) => hashToken(secret).toString('hex');

/** Registers a bridge; its secret is returned once and only its hash is kept. */
export async function registerBridge(
  cx: CommandContext,
  input: { id: string; name: string; location?: string | null },
): Promise<{ id: string; secret: string }> {
  const [existing] = await cx.sequelize.query('SELECT 1 FROM bridges WHERE id = :id', {
    transaction: cx.tx,
    replacements: { id: input.id },
    type: QueryTypes.SELECT,
  });
  if (existing)
    throw conflict(`A bridge with the id "${input.id}" exists (ids are never reused)`, undefined, 'id');
  const secret = newToken();
  await cx.sequelize.query(
    `INSERT INTO bridges (id, name, location, secret_hash, created_by, created_at, updated_at)
     VALUES (:id, :name, :location, :hash, :by, :now, :now)`,
    {
      transaction: cx.tx,
      replacements: {
        id: input.id,
        name: input.name.trim(),
        location: input.location ?? null,
        hash: secretHash(secret),
        by: cx.actor.type === 'user' ? cx.actor.id : null,
        now: cx.now,
      },
    },
  );
  await recordAudit(cx, {
    action: 'bridge.registered',
    entityType: 'bridge',
    entityId: input.id,
    after: { name: input.name, location: input.location ?? null },
  });
  cx.emit({ type: 'bridge.changed', bridgeId: input.id });
  return { id: input.id, secret };
}

export async function updateBridge(
  cx: CommandContext,
  id: string,
  input: { name?: string; location?: string | null },
): Promise<void> {
  const before = await lockBridge(cx, id);
  await cx.sequelize.query(
    `UPDATE bridges SET name = COALESCE(:name, name), location = CASE WHEN :setLocation THEN :location ELSE location END, updated_at = :now WHERE id = :id`,
    {
      transaction: cx.tx,
      replacements: {
        id,
        name: input.name?.trim() ?? null,
        setLocation: input.location !== undefined,
        location: input.location ?? null,
        now: cx.now,
      },
    },
  );
  await recordAudit(cx, {
    action: 'bridge.updated',
    entityType: 'bridge',
    entityId: id,
    before: { name: before.name, location: before.location },
    after: input,
  });
  cx.emit({ type: 'bridge.changed', bridgeId: id });
}

/** A new secret; the old one stops working at once and the bridge's live connection is dropped. */
export async function rotateBridgeSecret(
  cx: CommandContext,
  id: string,
): Promise<{ id: string; secret: string }> {
  const bridge = await lockBridge(cx, id);
  if (bridge.revoked_at) throw conflict('This bridge is revoked; register a new one');
  const secret = newToken();
  await cx.sequelize.query(
    'UPDATE bridges SET secret_hash = :hash, secret_rotated_at = :now, updated_at = :now WHERE id = :id',
    {
      transaction: cx.tx,
      replacements: { id, hash: secretHash(secret), now: cx.now },
    },
  );
  await recordAudit(cx, { action: 'bridge.secret_rotated', entityType: 'bridge', entityId: id });
  cx.emit({ type: 'bridge.credentials_changed', bridgeId: id });
  return { id, secret };
}

export async function revokeBridge(cx: CommandContext, id: string): Promise<void> {
  const bridge = await lockBridge(cx, id);
  if (bridge.revoked_at) return;
  await cx.sequelize.query(
    'UPDATE bridges SET revoked_at = :now, online = false, updated_at = :now WHERE id = :id',
    {
      transaction: cx.tx,
      replacements: { id, now: cx.now },
    },
  );
  await cx.sequelize.query(
    'UPDATE bridge_bindings SET valid_to = :now WHERE bridge_id = :id AND valid_to IS NULL',
    {
      transaction: cx.tx,
      replacements: { id, now: cx.now },
    },
  );
  await recordAudit(cx, { action: 'bridge.revoked', entityType: 'bridge', entityId: id });
  cx.emit({ type: 'bridge.credentials_changed', bridgeId: id });
  cx.emit({ type: 'bridge.changed', bridgeId: id });
}
