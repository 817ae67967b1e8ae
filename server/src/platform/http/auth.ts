import type { Context, Middleware, Next } from 'koa';
import type { Actor } from '../context.ts';
import { forbidden, unauthenticated } from '../errors.ts';

/**
 * Who is calling, resolved once per request by the identity module and kept on ctx.state.
 * Routes then say what they need with `requireUser(permission)` or `requireDevice()`.
 */
export interface Authenticator {
  /** Returns the actor for a request's credentials, or null when it carries none that are valid. */
  resolve(ctx: Context): Promise<Actor | null>;
}

export function authenticate(authenticator: Authenticator): Middleware {
  return async (ctx, next) => {
    ctx.state.actor = await authenticator.resolve(ctx);
    await next();
  };
}

export type UserActor = Extract<Actor, { type: 'user' }>;
export type DeviceActor = Extract<Actor, { type: 'device' }>;

export function actorOf(ctx: Context): Actor | null {
  return (ctx.state.actor as Actor | null | undefined) ?? null;
}

export function userOf(ctx: Context): UserActor {
  const actor = actorOf(ctx);
  if (!actor) throw unauthenticated();
  if (actor.type !== 'user') throw forbidden('This route is for signed-in staff, not for kiosk devices');
  return actor;
}

export function deviceOf(ctx: Context): DeviceActor {
  const actor = actorOf(ctx);
  if (!actor) throw unauthenticated('This route needs a paired kiosk device token');
  if (actor.type !== 'device') throw forbidden('This route is for paired kiosk devices');
  return actor;
}

/** A permission check that a role either has or not; the policy of each module supplies `allowed`. */
export function requireUser(allowed: (actor: UserActor) => boolean, what = 'do this'): Middleware {
  return async (ctx: Context, next: Next) => {
    const actor = userOf(ctx);
    if (!allowed(actor)) throw forbidden(`Your role (${actor.role}) may not ${what}`);
    await next();
  };
}

export function requireDevice(): Middleware {
  return async (ctx: Context, next: Next) => {
    deviceOf(ctx);
    await next();
  };
}
