import type { CommandContext } from '../../../platform/context.ts';
import { hashToken, newId, newToken } from '../../../platform/ids.ts';
import { Session, User } from '../models/index.ts';
import { burnPasswordCheck, verifyPassword } from '../passwords.ts';
import { normalizeLogin } from '../rules/credentials.ts';
import { afterFailedLogin, isLocked, secondsUntilUnlocked } from '../rules/lockout.ts';

export interface LoginInput {
  login: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  sessionHours: number;
}

/**
 * A result, not an exception: a failed attempt must still commit its counter so that the lock-out
 * works; the route turns a failure into the HTTP answer after the commit.
 */
export type LoginResult =
  | { ok: true; user: User; session: Session; token: string }
  | { ok: false; reason: 'invalid_credentials' }
  | { ok: false; reason: 'locked_out'; retryAfterSeconds: number };

export async function login(cx: CommandContext, input: LoginInput): Promise<LoginResult> {
  const user = await User.findOne({
    where: { login: normalizeLogin(input.login) },
    transaction: cx.tx,
    lock: cx.tx.LOCK.UPDATE,
  });
  if (!user || !user.active) {
    await burnPasswordCheck(input.password);
    return { ok: false, reason: 'invalid_credentials' };
  }
  if (isLocked(user, cx.now)) {
    return { ok: false, reason: 'locked_out', retryAfterSeconds: secondsUntilUnlocked(user, cx.now) };
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    const next = afterFailedLogin(user, cx.now);
    user.failedLogins = next.failedLogins;
    user.lockedUntil = next.lockedUntil;
    await user.save({ transaction: cx.tx });
    if (isLocked(next, cx.now)) {
      return { ok: false, reason: 'locked_out', retryAfterSeconds: secondsUntilUnlocked(next, cx.now) };
    }
    return { ok: false, reason: 'invalid_credentials' };
  }
  user.failedLogins = 0;
  user.lockedUntil = null;
  user.lastLoginAt = cx.now;
  await user.save({ transaction: cx.tx });
  const token = newToken();
  const session = await Session.create(
    {
      id: newId(),
      userId: user.id,
      tokenHash: hashToken(token),
      createdAt: cx.now,
      lastSeenAt: cx.now,
      expiresAt: new Date(cx.now.getTime() + input.sessionHours * 3_600_000),
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    },
    { transaction: cx.tx },
  );
  return { ok: true, user, session, token };
}
