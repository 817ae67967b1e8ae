import type { Middleware } from 'koa';
import { actorOf } from '../../platform/http/auth.ts';
import { forbidden, unauthenticated } from '../../platform/errors.ts';
import { can, type Permission } from '../identity/rules/permissions.ts';

export { permit } from '../identity/identity.policy.ts';

/**
 * Staff with one of the permissions, or (when `liftDevices`) a paired lift kiosk — the mechanic's
 * screen at the lift asks for parts with its device token.
 */
export function permitAny(
  permissions: readonly Permission[],
  options: { liftDevices?: boolean } = {},
): Middleware {
  return async (ctx, next) => {
    const actor = actorOf(ctx);
    if (!actor) throw unauthenticated();
    if (actor.type === 'device') {
      if (!options.liftDevices || actor.scope !== 'lift') throw forbidden('This kiosk may not do this');
    } else if (actor.type !== 'user') {
      throw forbidden();
    } else if (!permissions.some((p) => can(actor.role, p))) {
      throw forbidden(`Your role (${actor.role}) may not do this`);
    }
    await next();
  };
}
