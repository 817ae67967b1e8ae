import { timingSafeEqual } from 'node:crypto';
import { QueryTypes, type Sequelize } from 'sequelize';
import { hashToken } from '../../../platform/ids.ts';

/**
 * Bridge secrets are 256-bit random tokens, so a SHA-256 digest is the right stored hash (as for
 * device tokens): a reconnect storm after a restart costs microseconds, not argon2 seconds.
 */
export async function authenticateBridge(
  sequelize: Sequelize,
  bridgeId: string,
  secret: string,
): Promise<boolean> {
  const rows = await sequelize.query<{ secret_hash: string }>(
    'SELECT secret_hash FROM bridges WHERE id = :id AND revoked_at IS NULL',
    { replacements: { id: bridgeId }, type: QueryTypes.SELECT },
  );
  const stored = rows[0]?.secret_hash;
  if (!stored) return false;
  const given = hashToken(secret);
  const expected = Buffer.from(stored, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
