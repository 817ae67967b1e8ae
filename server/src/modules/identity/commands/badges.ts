import { Op } from 'sequelize';
import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { AppError, badRequest, conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { Badge, Staff } from '../models/index.ts';
import { normalizeBadgeUid } from '../rules/badge-uid.ts';

function actorUserId(cx: CommandContext): string | null {
  return cx.actor.type === 'user' ? cx.actor.id : null;
}

/**
 * Gives a person a badge. Their previous badge (if any) is revoked in the same transaction, so
 * there is one active badge per person and the history stays.
 */
export async function assignBadge(cx: CommandContext, staffId: string, rawUid: string): Promise<Badge> {
  const uid = normalizeBadgeUid(rawUid);
  if (!uid) throw badRequest('uid: expected the card UID as hex, e.g. 04A1B2C3D4E5F6', 'uid');
  const staff = await Staff.findByPk(staffId, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  if (!staff) throw notFound('Staff member');
  if (!staff.active) throw conflict('This person is no longer active', undefined, 'staffId');
  const holder = await Badge.findOne({ where: { uid, revokedAt: null }, transaction: cx.tx });
  if (holder && holder.staffId !== staffId) {
    const other = await Staff.findByPk(holder.staffId, { transaction: cx.tx });
    throw new AppError(
      409,
      'badge_in_use',
      `This badge belongs to ${other?.fullName ?? 'someone else'}`,
      'uid',
      {
        staffId: holder.staffId,
      },
    );
  }
  if (holder) return holder;
  const previous = await Badge.findAll({ where: { staffId, revokedAt: null }, transaction: cx.tx });
  for (const badge of previous) {
    badge.revokedAt = cx.now;
    badge.revokedBy = actorUserId(cx);
    badge.revokedReason = 'replaced';
    await badge.save({ transaction: cx.tx });
  }
  const badge = await Badge.create(
    { id: newId(), staffId, uid, assignedAt: cx.now, assignedBy: actorUserId(cx) },
    { transaction: cx.tx },
  );
  await recordAudit(cx, {
    action: 'badge.assigned',
    entityType: 'staff',
    entityId: staffId,
    before: previous.length ? { uid: previous[0]!.uid } : null,
    after: { uid },
  });
  cx.emit({ type: 'staff.changed', staffId });
  return badge;
}

export async function revokeBadge(cx: CommandContext, staffId: string, reason: string): Promise<void> {
  const active = await Badge.findOne({
    where: { staffId, revokedAt: { [Op.is]: null } },
    transaction: cx.tx,
  });
  if (!active) throw notFound('Active badge');
  active.revokedAt = cx.now;
  active.revokedBy = actorUserId(cx);
  active.revokedReason = reason.trim();
  await active.save({ transaction: cx.tx });
  await recordAudit(cx, {
    action: 'badge.revoked',
    entityType: 'staff',
    entityId: staffId,
    before: { uid: active.uid },
    after: { reason },
  });
  cx.emit({ type: 'staff.changed', staffId });
}
