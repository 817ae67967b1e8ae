import type { Context } from 'koa';
import type { Sequelize } from 'sequelize';
import type { Clock } from '../../platform/clock.ts';
import type { Actor } from '../../platform/context.ts';
import type { Authenticator } from '../../platform/http/auth.ts';
import { actorForDeviceToken, actorForSessionToken } from './queries/resolve-actor.ts';
import { bearerToken, SESSION_COOKIE } from './session-cookie.ts';

/** A request is a person (session cookie) or a kiosk (Bearer device token); never both. */
export function identityAuthenticator(sequelize: Sequelize, clock: Clock): Authenticator {
  return {
    async resolve(ctx: Context): Promise<Actor | null> {
      const device = bearerToken(ctx.get('authorization'));
      if (device) return actorForDeviceToken(sequelize, device, clock.now());
      const cookie = ctx.cookies.get(SESSION_COOKIE);
      if (cookie && /^[A-Za-z0-9_-]{20,100}$/.test(cookie))
        return actorForSessionToken(sequelize, cookie, clock.now());
      return null;
    },
  };
}
