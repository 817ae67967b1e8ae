import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deskSockets } from '../../support/desk-socket.ts';
import { makeLift, signedIn } from '../../support/factories.ts';
import { makeLocation, makeOrderWithParts, makePart, stockUp } from '../../support/factories-warehouse.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

/** The storekeeper's queue follows the lifts' requests live: the desk room hears of every change. */

let station: TestStation;
const desks = deskSockets(() => station.baseUrl);

beforeAll(async () => {
  station = await startTestStation();
});
afterEach(() => desks.closeAll());
afterAll(async () => {
  await station?.close();
});

const deskSocket = (cookie: string) => desks.open(cookie, 'parts.request');

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
