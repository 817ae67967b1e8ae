import type { Server as HttpServer } from 'node:http';
import type { Sequelize } from 'sequelize';
import { Server, type Socket } from 'socket.io';
import type {
  ClientToServerEvents,
  DeltaEvent,
  RoomName,
  ServerToClientEvents,
  SnapshotMessage,
} from '../contracts/realtime.ts';
import type { Clock } from '../platform/clock.ts';
import type { Actor } from '../platform/context.ts';
import type { Logger } from '../platform/logger.ts';
import { actorForHandshake } from './handshake.ts';
import { defaultRooms, isRoomName, mayJoin } from './room-access.ts';
import { RoomVersions } from './room-versions.ts';
import { SnapshotRegistry } from './snapshots.ts';

interface SocketData {
  actor: Actor;
}

type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * socket.io on the station's HTTP server. Kiosks and desks get a snapshot of each room they are in
 * on connect (and on every reconnect, since each is a new connection), then versioned deltas.
 * Deltas carry whole entities, so one already contained in a snapshot is harmless to apply again.
 */
export class Realtime {
  readonly io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  readonly snapshots = new SnapshotRegistry();
  private readonly versions = new RoomVersions();

  constructor(
    httpServer: HttpServer,
    private readonly deps: { sequelize: Sequelize; clock: Clock; logger: Logger },
  ) {
    this.io = new Server(httpServer, {
      serveClient: false,
      pingInterval: 10_000,
      pingTimeout: 5_000,
      maxHttpBufferSize: 64 * 1024,
      connectionStateRecovery: undefined,
    });
    this.io.use((socket, next) => {
      actorForHandshake(this.deps.sequelize, this.deps.clock, socket.handshake.auth ?? {}, socket.request)
        .then((actor) => {
          if (!actor) return next(new Error('unauthenticated'));
          socket.data.actor = actor;
          next();
        })
        .catch((err: unknown) => {
          this.deps.logger.error({ err }, 'socket handshake failed');
          next(new Error('internal'));
        });
    });
    this.io.on('connection', (socket) => void this.onConnection(socket));
  }

  private async onConnection(socket: RealtimeSocket): Promise<void> {
    const actor = socket.data.actor;
    await socket.join(actor.type === 'user' ? `session:${actor.sessionId}` : `${actor.type}:${actor.id}`);
    socket.on('join', (room, ack) => {
      if (typeof ack !== 'function') return;
      if (!isRoomName(room) || !mayJoin(actor, room)) return ack(null);
      void this.enter(socket, room).then(ack, () => ack(null));
    });
    socket.on('resync', (room, ack) => {
      if (typeof ack !== 'function') return;
      if (!isRoomName(room) || !socket.rooms.has(room)) return ack(null);
      void this.snapshot(room, actor).then(ack, () => ack(null));
    });
    for (const room of defaultRooms(actor)) {
      try {
        socket.emit('snapshot', await this.enter(socket, room));
      } catch (err) {
        this.deps.logger.error({ err, room }, 'snapshot failed');
      }
    }
  }

  private async enter(socket: RealtimeSocket, room: RoomName): Promise<SnapshotMessage> {
    await socket.join(room);
    return this.snapshot(room, socket.data.actor);
  }

  private async snapshot(room: RoomName, actor: Actor): Promise<SnapshotMessage> {
    // The version is read before the data: a delta racing the query is applied on top, harmlessly.
    const version = this.versions.current(room);
    const data = await this.snapshots.build(room, actor);
    return { room, epoch: this.versions.epoch, version, data };
  }

  /** Sends a delta to a room. Call only after the change is committed. */
  publish(room: RoomName, event: DeltaEvent): void {
    const version = this.versions.next(room);
    this.io.to(room).emit('delta', { room, epoch: this.versions.epoch, version, event });
  }

  /** Every socket of a session or a device is told and dropped (sign-out, revocation). */
  disconnect(kind: 'session' | 'device', id: string): void {
    const room = `${kind}:${id}`;
    this.io.to(room).emit('revoked');
    this.io.in(room).disconnectSockets(true);
  }

  connectedCount(): number {
    return this.io.engine.clientsCount;
  }

  /** Drops every socket; the HTTP server itself is closed by main.ts so requests in flight can finish. */
  close(): void {
    this.io.disconnectSockets(true);
    this.io.engine.close();
  }
}
