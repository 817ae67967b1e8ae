import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../../platform/context.ts';
import { hashToken } from '../../../platform/ids.ts';
import type { RecordScope, Role } from '../../../contracts/roles.ts';

/** last_seen_at is refreshed at most this often, so reads do not turn into writes. */
const TOUCH_AFTER_MS = 60_000;

interface SessionRow {
  session_id: string;
  last_seen_at: Date;
  user_id: string;
  display_name: string;
  role: Role;
  scope: RecordScope;
}

export async function actorForSessionToken(
  sequelize: Sequelize,
  token: string,
  now: Date,
): Promise<Extract<Actor, { type: 'user' }> | null> {
  const rows = await sequelize.query<SessionRow>(
    `SELECT s.id AS session_id, s.last_seen_at, u.id AS user_id, u.display_name, u.role, u.scope
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = :hash AND s.revoked_at IS NULL AND s.expires_at > :now AND u.active`,
    { replacements: { hash: hashToken(token), now }, type: QueryTypes.SELECT },
  );
  const row = rows[0];
  if (!row) return null;
  if (now.getTime() - new Date(row.last_seen_at).getTime() > TOUCH_AFTER_MS) {
    await sequelize.query('UPDATE sessions SET last_seen_at = :now WHERE id = :id', {
      replacements: { now, id: row.session_id },
    });
  }
  return {
    type: 'user',
    id: row.user_id,
    name: row.display_name,
    role: row.role,
    scope: row.scope,
    sessionId: row.session_id,
  };
}

interface DeviceRow {
  id: string;
  name: string;
  scope: 'board' | 'lift';
  lift_id: string | null;
  last_seen_at: Date | null;
}

export async function actorForDeviceToken(
  sequelize: Sequelize,
  token: string,
  now: Date,
): Promise<Extract<Actor, { type: 'device' }> | null> {
  const rows = await sequelize.query<DeviceRow>(
    `SELECT id, name, scope, lift_id, last_seen_at FROM kiosk_devices WHERE token_hash = :hash AND revoked_at IS NULL`,
    { replacements: { hash: hashToken(token) }, type: QueryTypes.SELECT },
  );
  const row = rows[0];
  if (!row) return null;
  if (!row.last_seen_at || now.getTime() - new Date(row.last_seen_at).getTime() > TOUCH_AFTER_MS) {
    await sequelize.query('UPDATE kiosk_devices SET last_seen_at = :now WHERE id = :id', {
      replacements: { now, id: row.id },
    });
  }
  return { type: 'device', id: row.id, name: row.name, scope: row.scope, liftId: row.lift_id };
}
