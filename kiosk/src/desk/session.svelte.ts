import type { MeDto } from '$contracts/dto.ts';
import { ApiError } from '$lib/api/api-error.ts';
import { ApiClient } from '$lib/api/client.ts';
import { deskApi } from '$lib/api/desk-api.ts';
import type { CreateOwnerInput, LoginInput } from '$lib/api/requests.ts';
import { toasts } from '$lib/components/toasts.svelte.ts';
import { i18n, t } from '$lib/i18n/i18n.svelte.ts';
import { RealtimeConnection } from '$lib/realtime/connection.svelte.ts';
import { router } from './router.svelte.ts';

export type DeskPhase = 'loading' | 'setup' | 'login' | 'ready' | 'unreachable';

/**
 * Who is signed in at this desk and what they may do. Any 401 from the API (an expired or revoked
 * session) returns to the sign-in screen; so does a `revoked` message on the socket.
 */
class DeskSession {
  phase = $state<DeskPhase>('loading');
  me = $state.raw<MeDto | null>(null);
  connection = $state.raw<RealtimeConnection | null>(null);

  readonly api = deskApi(new ApiClient({ onUnauthenticated: () => this.expired() }));

  can = (permission: string): boolean => this.me?.permissions.includes(permission) ?? false;

  async start(): Promise<void> {
    this.phase = 'loading';
    this.connection?.close();
    this.connection = null;
    try {
      const setup = await this.api.setup.state();
      if (setup.needsOwner) {
        this.phase = 'setup';
        return;
      }
      this.enter(await this.api.auth.me());
    } catch (err) {
      this.phase = err instanceof ApiError && err.status === 401 ? 'login' : 'unreachable';
    }
  }

  async login(input: LoginInput): Promise<void> {
    this.enter(await this.api.auth.login(input));
  }

  async createOwner(input: CreateOwnerInput): Promise<void> {
    this.enter(await this.api.setup.createOwner(input));
  }

  async logout(): Promise<void> {
    // Closed first: the server announces the ended session on the socket, which is no news here.
    this.connection?.close();
    this.connection = null;
    try {
      await this.api.auth.logout();
    } finally {
      this.signedOut();
    }
  }

  /** Reloads the signed-in user (after an administrator changed them, or the station's name). */
  async refresh(): Promise<void> {
    const me = await this.api.auth.me();
    this.me = me;
    i18n.timeZone = me.station.timezone;
  }

  private enter(me: MeDto): void {
    this.me = me;
    i18n.adoptDefault(me.user.locale ?? me.station.defaultLocale);
    i18n.timeZone = me.station.timezone;
    this.phase = 'ready';
    this.connection?.close();
    this.connection = new RealtimeConnection({
      onRevoked: () => this.expired(),
      onRefused: () => void this.start(),
    });
    this.connection.connect();
  }

  private signedOut(): void {
    this.connection?.close();
    this.connection = null;
    this.me = null;
    toasts.clear();
    this.phase = 'login';
    router.navigate('/', { replace: true });
  }

  /** The session ended elsewhere (expired, revoked, signed out everywhere). */
  private expired(): void {
    if (this.phase !== 'ready') return;
    this.signedOut();
    toasts.push('info', t('auth.sessionEnded'));
  }
}

export const session = new DeskSession();
export const api = session.api;
