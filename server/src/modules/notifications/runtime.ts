import type { AppDeps } from '../../deps.ts';
import type { NotificationService } from './service.ts';

const services = new WeakMap<AppDeps, NotificationService>();

export function bindService(deps: AppDeps, service: NotificationService): void {
  services.set(deps, service);
}

/** The station's notification service (registerNotifications made it for these deps). */
export function serviceOf(deps: AppDeps): NotificationService {
  const service = services.get(deps);
  if (!service) throw new Error('registerNotifications(deps, jobs) was not called for this station');
  return service;
}
