import type { Locale, RecordScope, Role } from '../../../contracts/roles.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, forbidden } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { User } from '../models/index.ts';
import { hashPassword } from '../passwords.ts';
import { normalizeLogin, passwordProblem } from '../rules/credentials.ts';
import { canAssignRole } from '../rules/permissions.ts';
import { presentUser } from '../identity.presenter.ts';

export interface CreateUserInput {
  login: string;
  displayName: string;
  role: Role;
  scope?: RecordScope;
  locale?: Locale;
  password: string;
}

export async function createUser(cx: CommandContext, input: CreateUserInput): Promise<User> {
  if (cx.actor.type === 'user' && !canAssignRole(cx.actor.role, input.role)) {
    throw forbidden(`A ${cx.actor.role} may not create a user with the role ${input.role}`);
  }
  const login = normalizeLogin(input.login);
  const problem = passwordProblem(input.password, login);
  if (problem) throw badRequest(`password: ${problem}`, 'password');
  const existing = await User.findOne({ where: { login }, transaction: cx.tx });
  if (existing) throw conflict(`The login "${login}" is taken`, undefined, 'login');
  const user = await User.create(
    {
      id: newId(),
      login,
      displayName: input.displayName.trim(),
      role: input.role,
      scope: input.scope ?? 'all',
      locale: input.locale ?? 'en',
      passwordHash: await hashPassword(input.password),
      active: true,
      failedLogins: 0,
      createdAt: cx.now,
      updatedAt: cx.now,
    },
    { transaction: cx.tx },
  );
  await recordAudit(cx, {
    action: 'user.created',
    entityType: 'user',
    entityId: user.id,
    after: presentUser(user),
  });
  return user;
}
