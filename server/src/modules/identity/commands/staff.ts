import type { StaffPosition } from '../../../contracts/roles.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { Staff, User } from '../models/index.ts';
import { presentStaffRow } from '../identity.presenter.ts';

export interface StaffInput {
  fullName: string;
  position: StaffPosition;
  userId?: string | null;
  active?: boolean;
}

async function checkUserLink(cx: CommandContext, userId: string | null | undefined, staffId: string | null) {
  if (!userId) return;
  const user = await User.findByPk(userId, { transaction: cx.tx });
  if (!user) throw notFound('User');
  const other = await Staff.findOne({ where: { userId }, transaction: cx.tx });
  if (other && other.id !== staffId)
    throw conflict(`The user ${user.login} is already linked to ${other.fullName}`, undefined, 'userId');
}

export async function createStaff(cx: CommandContext, input: StaffInput): Promise<Staff> {
  await checkUserLink(cx, input.userId, null);
  const staff = await Staff.create(
    {
      id: newId(),
      fullName: input.fullName.trim(),
      position: input.position,
      userId: input.userId ?? null,
      active: input.active ?? true,
      createdAt: cx.now,
      updatedAt: cx.now,
    },
    { transaction: cx.tx },
  );
  await recordAudit(cx, {
    action: 'staff.created',
    entityType: 'staff',
    entityId: staff.id,
    after: presentStaffRow(staff),
  });
  cx.emit({ type: 'staff.changed', staffId: staff.id });
  return staff;
}

export async function updateStaff(
  cx: CommandContext,
  staffId: string,
  input: Partial<StaffInput>,
): Promise<Staff> {
  const staff = await Staff.findByPk(staffId, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  if (!staff) throw notFound('Staff member');
  const before = presentStaffRow(staff);
  if (input.userId !== undefined) await checkUserLink(cx, input.userId, staff.id);
  if (input.fullName !== undefined) staff.fullName = input.fullName.trim();
  if (input.position !== undefined) staff.position = input.position;
  if (input.userId !== undefined) staff.userId = input.userId;
  if (input.active !== undefined) staff.active = input.active;
  staff.updatedAt = cx.now;
  await staff.save({ transaction: cx.tx });
  await recordAudit(cx, {
    action: 'staff.updated',
    entityType: 'staff',
    entityId: staff.id,
    before,
    after: presentStaffRow(staff),
  });
  cx.emit({ type: 'staff.changed', staffId: staff.id });
  return staff;
}
