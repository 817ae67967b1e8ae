import { Op } from 'sequelize';
import type { CommandContext } from '../../../platform/context.ts';
import { Session } from '../models/index.ts';

/** Ends every live session of a user (sign out everywhere); returns the ids that were live. */
export async function revokeUserSessions(
  cx: CommandContext,
  userId: string,
  reason: string,
  exceptSessionId?: string,
): Promise<string[]> {
  const live = await Session.findAll({
    where: {
      userId,
      revokedAt: null,
      ...(exceptSessionId ? { id: { [Op.ne]: exceptSessionId } } : {}),
    },
    transaction: cx.tx,
  });
  const ids = live.map((s) => s.id);
  if (ids.length === 0) return ids;
  await Session.update(
    { revokedAt: cx.now, revokedReason: reason },
    { where: { id: ids }, transaction: cx.tx },
  );
  for (const sessionId of ids) cx.emit({ type: 'session.revoked', sessionId, userId });
  return ids;
}
