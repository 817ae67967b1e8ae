import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { AppError, badRequest, conflict, notFound } from '../../../platform/errors.ts';
import { hashToken, newId, newToken } from '../../../platform/ids.ts';
import type { DeviceScope } from '../../../contracts/roles.ts';
import { Lift } from '../../scheduler/models/lift.ts';
import { KioskDevice } from '../models/index.ts';
import { newPairingCode, normalizePairingCode, PAIRING_CODE_MINUTES } from '../rules/pairing-code.ts';
import { presentDevice } from '../identity.presenter.ts';

export interface DeviceWithCode {
  device: KioskDevice;
  pairingCode: string;
}

async function giveCode(cx: CommandContext, device: KioskDevice): Promise<string> {
  const code = newPairingCode();
  device.pairingCodeHash = hashToken(code);
  device.pairingExpiresAt = new Date(cx.now.getTime() + PAIRING_CODE_MINUTES * 60_000);
  await device.save({ transaction: cx.tx });
  return code;
}

/** A manager or foreman registers a kiosk and gets a one-time code to type on it. */
export async function createDevice(
  cx: CommandContext,
  input: { name: string; scope: DeviceScope; liftId?: string | null },
): Promise<DeviceWithCode> {
  if (input.scope === 'lift' && !input.liftId)
    throw badRequest('liftId: is required for a lift kiosk', 'liftId');
  if (input.scope === 'board' && input.liftId)
    throw badRequest('liftId: a board shows every lift; leave it out', 'liftId');
  if (input.liftId && !(await Lift.findByPk(input.liftId, { transaction: cx.tx }))) throw notFound('Lift');
  const device = KioskDevice.build({
    id: newId(),
    name: input.name.trim(),
    scope: input.scope,
    liftId: input.liftId ?? null,
    createdBy: cx.actor.type === 'user' ? cx.actor.id : null,
    createdAt: cx.now,
  });
  const pairingCode = await giveCode(cx, device);
  await recordAudit(cx, {
    action: 'device.created',
    entityType: 'device',
    entityId: device.id,
    after: presentDevice(device),
  });
  return { device, pairingCode };
}

/** A new code for a device not yet paired, or to move a kiosk to new hardware (the old token dies). */
export async function renewPairingCode(cx: CommandContext, deviceId: string): Promise<DeviceWithCode> {
  const device = await KioskDevice.findByPk(deviceId, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  if (!device) throw notFound('Device');
  if (device.revokedAt) throw conflict('This device is revoked; register a new one');
  const hadToken = device.tokenHash !== null;
  device.tokenHash = null;
  device.pairedAt = null;
  const pairingCode = await giveCode(cx, device);
  await recordAudit(cx, { action: 'device.code_renewed', entityType: 'device', entityId: device.id });
  if (hadToken) cx.emit({ type: 'device.revoked', deviceId: device.id });
  return { device, pairingCode };
}

/** The kiosk sends the code; it gets its long-lived token once, and the code is spent. */
export async function pairDevice(
  cx: CommandContext,
  rawCode: string,
): Promise<{ device: KioskDevice; token: string }> {
  const code = normalizePairingCode(rawCode);
  const device = await KioskDevice.findOne({
    where: { pairingCodeHash: hashToken(code) },
    transaction: cx.tx,
    lock: cx.tx.LOCK.UPDATE,
  });
  if (!device || device.revokedAt || !device.pairingExpiresAt || device.pairingExpiresAt <= cx.now) {
    throw new AppError(
      400,
      'invalid_pairing_code',
      'This pairing code is wrong or has expired; ask for a new one',
      'code',
    );
  }
  const token = newToken();
  device.tokenHash = hashToken(token);
  device.pairingCodeHash = null;
  device.pairingExpiresAt = null;
  device.pairedAt = cx.now;
  device.lastSeenAt = cx.now;
  await device.save({ transaction: cx.tx });
  await recordAudit(cx, { action: 'device.paired', entityType: 'device', entityId: device.id });
  return { device, token };
}

export async function revokeDevice(cx: CommandContext, deviceId: string): Promise<KioskDevice> {
  const device = await KioskDevice.findByPk(deviceId, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  if (!device) throw notFound('Device');
  if (device.revokedAt) return device;
  device.revokedAt = cx.now;
  device.tokenHash = null;
  device.pairingCodeHash = null;
  device.pairingExpiresAt = null;
  await device.save({ transaction: cx.tx });
  await recordAudit(cx, { action: 'device.revoked', entityType: 'device', entityId: device.id });
  cx.emit({ type: 'device.revoked', deviceId: device.id });
  return device;
}
