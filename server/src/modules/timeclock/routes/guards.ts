import type { Context } from 'koa';
import { deviceOf, type DeviceActor } from '../../../platform/http/auth.ts';
import { forbidden } from '../../../platform/errors.ts';

/** A paired lift kiosk (401 without a token, 403 for people and board screens). */
export function liftDeviceOf(ctx: Context): DeviceActor & { liftId: string } {
  const device = deviceOf(ctx);
  if (device.scope !== 'lift' || !device.liftId) throw forbidden('Only a lift kiosk may do this');
  return device as DeviceActor & { liftId: string };
}
