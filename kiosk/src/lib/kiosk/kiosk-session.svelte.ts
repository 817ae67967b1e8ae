import type { DeviceDto } from '$contracts/dto.ts';
import type { DeltaEvent, RoomName } from '$contracts/realtime.ts';
import type { DeviceScope } from '$contracts/roles.ts';
import { ApiError } from '../api/api-error.ts';
import { ApiClient } from '../api/client.ts';
import { kioskApi } from '../api/kiosk-api.ts';
import { RealtimeConnection } from '../realtime/connection.svelte.ts';
import type { LiveRoom } from '../realtime/live-room.svelte.ts';
import { forgetDeviceToken, loadDeviceToken, saveDeviceToken } from './device-token.ts';

export type KioskPhase = 'starting' | 'pairing' | 'live' | 'unreachable';

export interface KioskRoomSpec<T> {
  scope: DeviceScope;
  /** The room this device shows, from its own record (the board, or its lift). */
  roomOf: (device: DeviceDto) => RoomName;
  reduce: (data: T, event: DeltaEvent) => T;
}

const START_RETRY_MS = 5_000;

/**
 * The life of a kiosk screen: pairing once with a code, then its device token; "who am I" from the
 * API; then the live room over socket.io. A revoked or renewed device forgets its token and shows
 * the pairing screen again. A station that cannot be reached is retried until it answers.
 */
export class KioskSession<T> {
  phase = $state<KioskPhase>('starting');
  device = $state.raw<DeviceDto | null>(null);
  connection = $state.raw<RealtimeConnection | null>(null);
  live = $state.raw<LiveRoom<T> | null>(null);

  private token: string | null;
  /** The HTTP client with this device's token, for the screen's own calls (the lift kiosk's actions). */
  readonly client = new ApiClient({ bearerToken: () => this.token });
  private readonly api = kioskApi(this.client);
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly spec: KioskRoomSpec<T>) {
    this.token = loadDeviceToken(spec.scope);
  }

  async start(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (!this.token) {
      this.phase = 'pairing';
      return;
    }
    try {
      const device = await this.api.me();
      this.goLive(device);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
        this.forget();
        return;
      }
      this.phase = 'unreachable';
      this.retryTimer = setTimeout(() => void this.start(), START_RETRY_MS);
    }
  }

  /** Trades a one-time code for the device token. Throws the API's error (shown on the pairing screen). */
  async pair(code: string): Promise<void> {
    const paired = await this.api.pair(code);
    saveDeviceToken(paired.device.scope, paired.token);
    if (paired.device.scope !== this.spec.scope) {
      // A code for the other kind of kiosk: the token is kept for that app, which we open instead.
      location.assign(paired.device.scope === 'board' ? '/board' : '/lift');
      return;
    }
    this.token = paired.token;
    this.goLive(paired.device);
  }

  /** Back to the pairing screen: the token is no good any more. */
  forget(): void {
    forgetDeviceToken(this.spec.scope);
    this.token = null;
    this.connection?.close();
    this.connection = null;
    this.live = null;
    this.device = null;
    this.phase = 'pairing';
  }

  stop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.connection?.close();
  }

  private goLive(device: DeviceDto): void {
    this.connection?.close();
    const connection = new RealtimeConnection({
      deviceToken: this.token ?? '',
      onRevoked: () => this.forget(),
      onRefused: () => void this.recheck(),
    });
    this.live = connection.room<T>(this.spec.roomOf(device), this.spec.reduce);
    this.connection = connection;
    this.device = device;
    this.phase = 'live';
    connection.connect();
  }

  /** The socket refused our token: ask the API whether it is really gone, or the station just restarted. */
  private async recheck(): Promise<void> {
    try {
      await this.api.me();
      setTimeout(() => this.connection?.connect(), START_RETRY_MS);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) this.forget();
      else setTimeout(() => void this.recheck(), START_RETRY_MS);
    }
  }
}
