import { QueryTypes } from 'sequelize';
import type { CommandContext } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import { User } from '../models/index.ts';
import { createUser } from './create-user.ts';

/**
 * First run: the station has no users yet, so whoever opens the desk first creates the owner.
 * Allowed exactly once; a transaction-scoped advisory lock stops two browsers racing for it.
 */
export async function createFirstOwner(
  cx: CommandContext,
  input: { login: string; displayName: string; password: string; locale?: 'en' | 'ru'; stationName?: string },
): Promise<User> {
  await cx.sequelize.query('SELECT pg_advisory_xact_lock(hashtext(:key))', {
    transaction: cx.tx,
    replacements: { key: 'pitwall.first-owner' },
    type: QueryTypes.SELECT,
  });
  if ((await User.count({ transaction: cx.tx })) > 0) {
    throw new AppError(409, 'already_set_up', 'The station already has users; sign in instead');
  }
  if (input.stationName) {
    await cx.sequelize.query(
      `INSERT INTO station_settings (id, name) VALUES (1, :name) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, updated_at = now()`,
      { transaction: cx.tx, replacements: { name: input.stationName.trim() } },
    );
  }
  return createUser(cx, { ...input, role: 'owner', scope: 'all' });
}
