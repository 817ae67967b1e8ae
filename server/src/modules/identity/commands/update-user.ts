import type { Locale, RecordScope, Role } from '../../../contracts/roles.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, forbidden, notFound } from '../../../platform/errors.ts';
import { User } from '../models/index.ts';
import { hashPassword } from '../passwords.ts';
import { passwordProblem } from '../rules/credentials.ts';
import { canAssignRole } from '../rules/permissions.ts';
import { presentUser } from '../identity.presenter.ts';
import { revokeUserSessions } from './revoke-sessions.ts';

export interface UpdateUserInput {
  displayName?: string;
  role?: Role;
  scope?: RecordScope;
  locale?: Locale;
  active?: boolean;
  password?: string;
}

export async function updateUser(cx: CommandContext, userId: string, input: UpdateUserInput): Promise<User> {
  const user = await User.findByPk(userId, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  if (!user) throw notFound('User');
  const before = presentUser(user);
  if (cx.actor.type === 'user') {
    if (!canAssignRole(cx.actor.role, user.role))
      throw forbidden(`A ${cx.actor.role} may not change a ${user.role}`);
    if (input.role && !canAssignRole(cx.actor.role, input.role)) {
      throw forbidden(`A ${cx.actor.role} may not give the role ${input.role}`);
    }
    if (cx.actor.id === user.id && (input.active === false || (input.role && input.role !== user.role))) {
      throw conflict(
        'You cannot deactivate yourself or change your own role',
        undefined,
        input.active === false ? 'active' : 'role',
      );
    }
  }
  if (user.role === 'owner' && (input.active === false || (input.role && input.role !== 'owner'))) {
    const owners = await User.count({ where: { role: 'owner', active: true }, transaction: cx.tx });
    if (owners <= 1) throw conflict('The station must keep at least one active owner', undefined, 'role');
  }
  if (input.displayName !== undefined) user.displayName = input.displayName.trim();
  if (input.role !== undefined) user.role = input.role;
  if (input.scope !== undefined) user.scope = input.scope;
  if (input.locale !== undefined) user.locale = input.locale;
  if (input.active !== undefined) user.active = input.active;
  if (input.password !== undefined) {
    const problem = passwordProblem(input.password, user.login);
    if (problem) throw badRequest(`password: ${problem}`, 'password');
    user.passwordHash = await hashPassword(input.password);
    user.failedLogins = 0;
    user.lockedUntil = null;
  }
  user.updatedAt = cx.now;
  await user.save({ transaction: cx.tx });
  const securityChanged = input.active === false || input.password !== undefined || input.role !== undefined;
  if (securityChanged) await revokeUserSessions(cx, user.id, 'account changed by an administrator');
  await recordAudit(cx, {
    action: 'user.updated',
    entityType: 'user',
    entityId: user.id,
    before,
    after: { ...presentUser(user), ...(input.password !== undefined ? { passwordChanged: true } : {}) },
  });
  return user;
}
