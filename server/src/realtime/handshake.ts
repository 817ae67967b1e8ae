import type { IncomingMessage } from 'node:http';
import type { Sequelize } from 'sequelize';
import type { Clock } from '../platform/clock.ts';
import type { Actor } from '../platform/context.ts';
import { actorForDeviceToken, actorForSessionToken, SESSION_COOKIE } from '../modules/identity/index.ts';

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** A socket is a kiosk (auth.deviceToken) or a signed-in person (the session cookie of the desk). */
export async function actorForHandshake(
  sequelize: Sequelize,
  clock: Clock,
  auth: Record<string, unknown>,
  request: IncomingMessage,
): Promise<Actor | null> {
  const deviceToken = typeof auth.deviceToken === 'string' ? auth.deviceToken : null;
  if (deviceToken) return actorForDeviceToken(sequelize, deviceToken, clock.now());
  const session = cookieValue(request.headers.cookie, SESSION_COOKIE);
  if (session) return actorForSessionToken(sequelize, session, clock.now());
  return null;
}
