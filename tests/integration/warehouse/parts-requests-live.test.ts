import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  ClientToServerEvents,
  DeltaMessage,
  ServerToClientEvents,
} from '../../../server/src/contracts/realtime.ts';
import { makeLift, signedIn } from '../../support/factories.ts';
import { makeLocation, makeOrderWithParts, makePart, stockUp } from '../../support/factories-warehouse.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

/** The storekeeper's queue follows the lifts' requests live: the desk room hears of every change. */

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

/** A signed-in desk's socket (the desk room is its default), with the parts.request deltas it gets. */
async function deskSocket(cookie: string) {
  const socket: ClientSocket = io(station.baseUrl, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    reconnection: false,
  });
  sockets.push(socket);
  const deltas: DeltaMessage[] = [];
  socket.on('delta', (message) => {
    if (message.event.type === 'parts.request') deltas.push(message);
  });
  await new Promise<void>((resolve) => socket.once('snapshot', () => resolve()));
  return deltas;
}

describe('parts requests on the realtime socket', () => {
  it('a request made, issued or cancelled goes to the desk room as parts.request', async () => {
    const keeper = await signedIn(station, 'storekeeper');
    const mechanic = (await signedIn(station, 'mechanic')).client;
    const deltas = await deskSocket(keeper.client.cookieHeader());

    const location = await makeLocation(station);
    const filter = await makePart(station, { name: 'Oil filter' });
    await stockUp(station, filter.id, location.id, 5);
    const lift = await makeLift(station);
    const first = await makeOrderWithParts(station, [{ partId: filter.id, quantity: 1 }]);
    const second = await makeOrderWithParts(station, [{ partId: filter.id, quantity: 1 }]);

    const asked = await mechanic.post('/api/warehouse/parts-requests', {
      orderId: first.order.id,
      jobId: first.job.id,
      liftId: lift.id,
    });
    expect(asked.status).toBe(201);
    await expect.poll(() => deltas.length).toBe(1);
    expect(deltas[0]!.room).toBe('desk');
    expect(deltas[0]!.event).toEqual({
      type: 'parts.request',
      change: 'requested',
      requestId: asked.body.id,
    });

    expect(
      (await keeper.client.post(`/api/warehouse/parts-requests/${asked.body.id}/issue`, {})).status,
    ).toBe(200);
    await expect.poll(() => deltas.length).toBe(2);
    expect(deltas[1]!.event).toEqual({ type: 'parts.request', change: 'issued', requestId: asked.body.id });

    const other = await mechanic.post('/api/warehouse/parts-requests', {
      orderId: second.order.id,
      jobId: second.job.id,
    });
    const cancelled = await mechanic.post(`/api/warehouse/parts-requests/${other.body.id}/cancel`, {
      reason: 'found one in the van',
    });
    expect(cancelled.status).toBe(200);
    await expect.poll(() => deltas.length).toBe(4);
    expect(deltas.slice(2).map((d) => d.event)).toEqual([
      { type: 'parts.request', change: 'requested', requestId: other.body.id },
      { type: 'parts.request', change: 'cancelled', requestId: other.body.id },
    ]);
    // Versions follow each other, so a gap would make the desk resync.
    expect(deltas.map((d) => d.version)).toEqual([...deltas.map((d) => d.version)].sort((a, b) => a - b));
  });

  it('a refused request (the job already has an open one) sends nothing', async () => {
    const keeper = await signedIn(station, 'storekeeper');
    const mechanic = (await signedIn(station, 'mechanic')).client;
    const location = await makeLocation(station);
    const part = await makePart(station, { name: 'Brake pads' });
    await stockUp(station, part.id, location.id, 2);
    const made = await makeOrderWithParts(station, [{ partId: part.id, quantity: 1 }]);
    const asked = await mechanic.post('/api/warehouse/parts-requests', {
      orderId: made.order.id,
      jobId: made.job.id,
    });
    expect(asked.status).toBe(201);
    const deltas = await deskSocket(keeper.client.cookieHeader());
    const twice = await mechanic.post('/api/warehouse/parts-requests', {
      orderId: made.order.id,
      jobId: made.job.id,
    });
    expect(twice.status).toBe(409);
    await new Promise((r) => setTimeout(r, 300));
    expect(deltas).toEqual([]);
  });
});
