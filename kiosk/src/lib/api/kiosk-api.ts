import type { DeviceDto, PairedDeviceDto } from '$contracts/dto.ts';
import type { ApiClient } from './client.ts';

/** The kiosks' typed view of the HTTP API: pairing, then "who am I" with the device token. */
export function kioskApi(client: ApiClient) {
  return {
    pair: (code: string) => client.post<PairedDeviceDto>('/api/kiosk/pair', { code }),
    me: () => client.get<DeviceDto>('/api/kiosk/me'),
  };
}

export type KioskApi = ReturnType<typeof kioskApi>;
