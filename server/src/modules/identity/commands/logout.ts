import type { CommandContext } from '../../../platform/context.ts';
import { notFound } from '../../../platform/errors.ts';
import { Session } from '../models/index.ts';

/** Revokes one session of the user (their current one on logout, or another from the sessions list). */
export async function revokeSession(
  cx: CommandContext,
  userId: string,
  sessionId: string,
  reason: string,
): Promise<void> {
  const session = await Session.findOne({ where: { id: sessionId, userId }, transaction: cx.tx });
  if (!session) throw notFound('Session');
  if (session.revokedAt) return;
  session.revokedAt = cx.now;
  session.revokedReason = reason;
  await session.save({ transaction: cx.tx });
  cx.emit({ type: 'session.revoked', sessionId, userId });
}
