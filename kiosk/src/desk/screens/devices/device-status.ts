import type { DeviceDto } from '$contracts/dto.ts';
import type { Tone } from '$lib/components/StatusPill.svelte';
import type { MessageKey } from '$lib/i18n/i18n.svelte.ts';

export type DeviceState = 'revoked' | 'paired' | 'awaiting' | 'expired';

/** Where a kiosk stands: paired and working, waiting for its code, its code expired, or revoked. */
export function deviceState(device: DeviceDto, now = new Date()): DeviceState {
  if (device.revokedAt) return 'revoked';
  if (device.paired) return 'paired';
  if (device.pairingExpiresAt && new Date(device.pairingExpiresAt) > now) return 'awaiting';
  return 'expired';
}

export const DEVICE_STATE_LABEL: Record<DeviceState, MessageKey> = {
  revoked: 'devices.state.revoked',
  paired: 'devices.state.paired',
  awaiting: 'devices.state.awaiting',
  expired: 'devices.state.expired',
};

export const DEVICE_STATE_TONE: Record<DeviceState, Tone> = {
  revoked: 'neutral',
  paired: 'success',
  awaiting: 'info',
  expired: 'warning',
};
