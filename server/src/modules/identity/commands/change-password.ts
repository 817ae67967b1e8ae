import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, notFound } from '../../../platform/errors.ts';
import { User } from '../models/index.ts';
import { hashPassword, verifyPassword } from '../passwords.ts';
import { passwordProblem } from '../rules/credentials.ts';
import { revokeUserSessions } from './revoke-sessions.ts';

/** A user changes their own password; every other session of theirs ends. */
export async function changeOwnPassword(
  cx: CommandContext,
  input: { userId: string; sessionId: string; currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await User.findByPk(input.userId, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  if (!user) throw notFound('User');
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw badRequest('currentPassword: is not your current password', 'currentPassword');
  }
  const problem = passwordProblem(input.newPassword, user.login);
  if (problem) throw badRequest(`newPassword: ${problem}`, 'newPassword');
  user.passwordHash = await hashPassword(input.newPassword);
  user.updatedAt = cx.now;
  await user.save({ transaction: cx.tx });
  await revokeUserSessions(cx, user.id, 'password changed', input.sessionId);
  await recordAudit(cx, { action: 'user.password_changed', entityType: 'user', entityId: user.id });
}
