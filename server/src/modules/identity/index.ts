import Router from '@koa/router';
import type { AppDeps } from '../../deps.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { deviceRoutes } from './routes/devices.routes.ts';
import { staffRoutes } from './routes/staff.routes.ts';
import { userRoutes } from './routes/users.routes.ts';

export { defineIdentityModels, Badge, KioskDevice, Session, Staff, User } from './models/index.ts';
export { identityAuthenticator } from './authenticator.ts';
export { permit } from './identity.policy.ts';
export { can, permissionsOf, type Permission } from './rules/permissions.ts';
export { actorForDeviceToken, actorForSessionToken } from './queries/resolve-actor.ts';
export { createUser } from './commands/create-user.ts';
export { createStaff } from './commands/staff.ts';
export { assignBadge } from './commands/badges.ts';
export { normalizeBadgeUid } from './rules/badge-uid.ts';
export { SESSION_COOKIE } from './session-cookie.ts';

export function identityRoutes(deps: AppDeps): Router {
  const router = new Router();
  for (const sub of [
    authRoutes(deps),
    userRoutes(deps),
    staffRoutes(deps),
    deviceRoutes(deps),
    auditRoutes(deps),
  ]) {
    router.use(sub.routes(), sub.allowedMethods());
  }
  return router;
}
