import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  DeltaEvent,
  RoomName,
  ServerToClientEvents,
  SnapshotMessage,
} from '$contracts/realtime.ts';
import { LiveRoom } from './live-room.svelte.ts';

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

export interface ConnectionOptions {
  /** Kiosks authenticate with their device token; the desk's socket carries its session cookie. */
  deviceToken?: string;
  /** The server revoked this device or session: forget the credentials. */
  onRevoked: () => void;
  /** The server refused the handshake (the token or session is no longer valid). */
  onRefused?: () => void;
}

const ACK_TIMEOUT_MS = 5_000;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 10_000;

type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The socket.io connection of one app with the rooms it shows. On every (re)connect the server sends
 * a fresh snapshot of each room, so after a network drop or a station restart the screen heals itself.
 */
export class RealtimeConnection {
  status = $state<ConnectionStatus>('connecting');
  /** When the connection was last lost, in epoch ms (for "offline since"). */
  offlineSince = $state<number | null>(null);

  private readonly socket: RealtimeSocket;
  // A registry of the rooms, never rendered itself: each LiveRoom holds its own reactive state.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly rooms = new Map<RoomName, LiveRoom<unknown>>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDelay = RETRY_MIN_MS;
  private closed = false;

  constructor(private readonly options: ConnectionOptions) {
    this.socket = io({
      path: '/socket.io',
      transports: ['websocket'],
      auth: options.deviceToken ? { deviceToken: options.deviceToken } : {},
      reconnectionDelay: RETRY_MIN_MS,
      reconnectionDelayMax: RETRY_MAX_MS,
      autoConnect: false,
    });
    this.socket.on('connect', () => {
      this.status = 'online';
      this.offlineSince = null;
      this.retryDelay = RETRY_MIN_MS;
    });
    this.socket.on('disconnect', (reason) => {
      this.markOffline();
      // The server dropped us on purpose (a restart, or a revocation announced with `revoked`):
      // socket.io does not come back by itself then, so we do, unless we were told to forget.
      if (reason === 'io server disconnect') this.retryLater();
    });
    this.socket.on('connect_error', (err) => {
      this.markOffline();
      if (err.message === 'unauthenticated') {
        this.options.onRefused?.();
        return;
      }
      if (!this.socket.active) this.retryLater();
    });
    this.socket.on('snapshot', (message) => this.rooms.get(message.room)?.applySnapshot(message));
    this.socket.on('delta', (message) => this.rooms.get(message.room)?.applyDelta(message));
    this.socket.on('revoked', () => {
      this.close();
      this.options.onRevoked();
    });
  }

  /** A room this app shows; the server puts kiosks and desks in their default rooms on connect. */
  room<T>(name: RoomName, reduce: (data: T, event: DeltaEvent) => T): LiveRoom<T> {
    const existing = this.rooms.get(name);
    if (existing) return existing as LiveRoom<T>;
    const room = new LiveRoom<T>(name, reduce, (r) => this.resync(r));
    this.rooms.set(name, room as LiveRoom<unknown>);
    return room;
  }

  /** A room the socket is not in by default (a foreman opening the board on the desk). */
  async join(name: RoomName): Promise<boolean> {
    const message = await this.ask('join', name);
    if (message) this.rooms.get(name)?.applySnapshot(message);
    return message !== null;
  }

  connect(): void {
    this.closed = false;
    this.status = 'connecting';
    this.socket.connect();
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.socket.removeAllListeners();
    this.socket.disconnect();
    this.status = 'offline';
  }

  private resync(room: RoomName): Promise<SnapshotMessage | null> {
    return this.ask('resync', room);
  }

  private ask(event: 'join' | 'resync', room: RoomName): Promise<SnapshotMessage | null> {
    if (!this.socket.connected) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.socket
        .timeout(ACK_TIMEOUT_MS)
        .emit(event, room, (err: Error | null, message: SnapshotMessage | null) => {
          resolve(err ? null : message);
        });
    });
  }

  private markOffline(): void {
    if (this.closed) return;
    if (this.status !== 'offline') this.offlineSince = Date.now();
    this.status = 'offline';
  }

  private retryLater(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.closed && !this.socket.connected) this.socket.connect();
    }, this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS);
  }
}
