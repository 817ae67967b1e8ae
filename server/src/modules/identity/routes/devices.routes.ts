import Router from '@koa/router';
import type { DeviceWithCodeDto, PairedDeviceDto } from '../../../contracts/dto.ts';
import type { AppDeps } from '../../../deps.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { deviceOf } from '../../../platform/http/auth.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { RateLimiter } from '../../../platform/rate-limit.ts';
import {
  createDevice,
  pairDevice,
  renewPairingCode,
  revokeDevice,
  type DeviceWithCode,
} from '../commands/devices.ts';
import { KioskDevice } from '../models/index.ts';
import { presentDevice } from '../identity.presenter.ts';
import { permit } from '../identity.policy.ts';
import { createDeviceBody, idParam, pairBody } from '../identity.schemas.ts';
import { formatPairingCode } from '../rules/pairing-code.ts';

function withCode({ device, pairingCode }: DeviceWithCode): DeviceWithCodeDto {
  return {
    device: presentDevice(device),
    pairingCode: formatPairingCode(pairingCode),
    pairingExpiresAt: device.pairingExpiresAt!.toISOString(),
  };
}

export function deviceRoutes(deps: AppDeps): Router {
  const router = new Router();
  const pairingLimiter = new RateLimiter(10, 60_000);

  router.get('/devices', permit('devices.manage'), async (ctx) => {
    const devices = await KioskDevice.findAll({ order: [['createdAt', 'DESC']] });
    ctx.body = devices.map(presentDevice);
  });

  router.post('/devices', permit('devices.manage'), async (ctx) => {
    const input = parse(createDeviceBody, ctx.request.body);
    const created = await runCommand(deps, ctx, (cx) => createDevice(cx, input));
    ctx.status = 201;
    ctx.body = withCode(created);
  });

  router.post('/devices/:id/pairing-code', permit('devices.manage'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    ctx.body = withCode(await runCommand(deps, ctx, (cx) => renewPairingCode(cx, id)));
  });

  router.delete('/devices/:id', permit('devices.manage'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    ctx.body = presentDevice(await runCommand(deps, ctx, (cx) => revokeDevice(cx, id)));
  });

  /** Public: the kiosk trades its one-time code for a device token. */
  router.post('/kiosk/pair', async (ctx) => {
    const { code } = parse(pairBody, ctx.request.body);
    const wait = pairingLimiter.blocked(ctx.ip);
    if (wait)
      throw new AppError(
        429,
        'rate_limited',
        `Too many pairing attempts; try again in ${wait} s`,
        undefined,
        { retryAfterSeconds: wait },
      );
    const { device, token } = await runCommand(deps, ctx, (cx) => pairDevice(cx, code), {
      type: 'system',
      id: null,
      name: 'kiosk pairing',
    }).catch((err: unknown) => {
      pairingLimiter.hit(ctx.ip);
      throw err;
    });
    const body: PairedDeviceDto = { token, device: presentDevice(device) };
    ctx.status = 201;
    ctx.body = body;
  });

  /** The kiosk asks who it is (and learns whether its token still works). */
  router.get('/kiosk/me', async (ctx) => {
    const actor = deviceOf(ctx);
    const device = await KioskDevice.findByPk(actor.id);
    if (!device) throw notFound('Device');
    ctx.body = presentDevice(device);
  });

  return router;
}
