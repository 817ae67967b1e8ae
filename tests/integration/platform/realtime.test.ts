import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  SnapshotMessage,
} from '../../../server/src/contracts/realtime.ts';
import { makeLift, pairedDevice, signedIn } from '../../support/factories.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
let station: TestStation;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  station = await startTestStation();
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});
afterAll(async () => {
  await station?.close();
});

function connect(options: { deviceToken?: string; cookie?: string }): ClientSocket {
  const socket: ClientSocket = io(station.baseUrl, {
    transports: ['websocket'],
    auth: options.deviceToken ? { deviceToken: options.deviceToken } : {},
    extraHeaders: options.cookie ? { cookie: options.cookie } : {},
    reconnection: false,
  });
  sockets.push(socket);
  return socket;
}

const nextSnapshot = (socket: ClientSocket) =>
  new Promise<SnapshotMessage>((resolve) => socket.once('snapshot', resolve));

async function pairKiosk(scope: 'board' | 'lift', liftId?: string) {
  const { client } = await signedIn(station, 'manager');
  const device = await pairedDevice(client, station.baseUrl, {
    name: `${scope} kiosk`,
    scope,
    ...(liftId ? { liftId } : {}),
  });
  return { manager: client, ...device };
}

describe('realtime', () => {
  it('refuses a socket without credentials', async () => {
    const socket = connect({});
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(error.message).toBe('unauthenticated');
  });

  it('a board kiosk gets the board snapshot on connect; a lift kiosk gets its lift', async () => {
    const lift = await makeLift(station, { code: 'RT1', name: 'Realtime lift' });
    const board = await pairKiosk('board');
    const boardSocket = connect({ deviceToken: board.token });
    const snapshot = await nextSnapshot(boardSocket);
    expect(snapshot.room).toBe('board');
    expect(snapshot.version).toBe(0);
    expect(typeof snapshot.epoch).toBe('string');
    expect((snapshot.data as { lifts: Array<{ code: string }> }).lifts.map((l) => l.code)).toContain('RT1');

    const liftKiosk = await pairKiosk('lift', lift.id);
    const liftSocket = connect({ deviceToken: liftKiosk.token });
    const liftSnap = await nextSnapshot(liftSocket);
    expect(liftSnap.room).toBe(`lift:${lift.id}`);
    expect((liftSnap.data as { lift: { name: string } }).lift.name).toBe('Realtime lift');
    // A lift kiosk may not join the board.
    expect(await liftSocket.emitWithAck('join', 'board')).toBeNull();
  });

  it('versioned deltas reach the room, and resync returns the current version', async () => {
    const board = await pairKiosk('board');
    const socket = connect({ deviceToken: board.token });
    const snap = await nextSnapshot(socket);
    const delta = new Promise((resolve) => socket.once('delta', resolve));
    station.realtime.publish('board', {
      type: 'bridge.availability',
      bridge: { id: 'b1', name: 'B1', online: true, lastSeenAt: null },
    });
    expect(await delta).toMatchObject({
      room: 'board',
      epoch: snap.epoch,
      version: snap.version + 1,
      event: { type: 'bridge.availability' },
    });
    const resynced = await socket.emitWithAck('resync', 'board');
    expect(resynced?.version).toBe(snap.version + 1);
    expect(await socket.emitWithAck('resync', 'desk')).toBeNull();
  });

  it('a signed-in foreman joins the board from the desk; an advisor without shop-floor rights cannot join a user room of another', async () => {
    const foreman = await signedIn(station, 'foreman');
    const socket = connect({ cookie: foreman.client.cookieHeader() });
    const desk = await nextSnapshot(socket);
    expect(desk.room === 'desk' || desk.room.startsWith('user:')).toBe(true);
    const board = await socket.emitWithAck('join', 'board');
    expect(board?.room).toBe('board');
    expect(await socket.emitWithAck('join', `user:00000000-0000-4000-8000-000000000000`)).toBeNull();
  });

  it('revoking a kiosk tells its socket and drops it', async () => {
    const board = await pairKiosk('board');
    const socket = connect({ deviceToken: board.token });
    await nextSnapshot(socket);
    const revoked = new Promise<void>((resolve) => socket.once('revoked', () => resolve()));
    const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    await board.manager.delete(`/api/devices/${board.deviceId}`);
    await revoked;
    await disconnected;
  });

  it('signing out drops the desk socket of that session', async () => {
    const advisor = await signedIn(station, 'advisor');
    const socket = connect({ cookie: advisor.client.cookieHeader() });
    await nextSnapshot(socket);
    const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    await advisor.client.post('/api/auth/logout');
    await disconnected;
  });
});
