import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../support/api-client.ts';
import { makeLift, signedIn } from '../../support/factories.ts';
import { makeLocation, makeOrderWithParts, makePart, stockUp } from '../../support/factories-warehouse.ts';
import { TestClock } from '../../support/test-clock.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';
import type { DomainEvent } from '../../../server/src/platform/events.ts';

let station: TestStation;
let keeper: ApiClient;
let mechanic: ApiClient;
const clock = new TestClock();
const events: DomainEvent[] = [];
beforeAll(async () => {
  station = await startTestStation({ clock });
  station.deps.bus.subscribe((e) => void events.push(e));
  keeper = (await signedIn(station, 'storekeeper')).client;
  mechanic = (await signedIn(station, 'mechanic')).client;
});
afterAll(async () => {
  await station?.close();
});

const MISSING = '00000000-0000-4000-8000-000000000000';

async function setUp(quantityOnShelf = 5) {
  const location = await makeLocation(station);
  const filter = await makePart(station, { name: 'Oil filter' });
  const oil = await makePart(station, { name: 'Engine oil 5W-30', unit: 'l' });
  if (quantityOnShelf > 0) await stockUp(station, filter.id, location.id, quantityOnShelf);
  await stockUp(station, oil.id, location.id, 20);
  const lift = await makeLift(station);
  const made = await makeOrderWithParts(station, [
    { partId: filter.id, quantity: 1 },
    { partId: oil.id, quantity: 4.5 },
  ]);
  return { location, filter, oil, lift, ...made };
}

describe('parts requests from the lift', () => {
  it('the mechanic asks, the queue shows how long it waits, the storekeeper issues and the job’s parts wait ends', async () => {
    const { order, job, lines, lift, filter, oil } = await setUp();
    events.length = 0;
    const asked = await mechanic.post('/api/warehouse/parts-requests', {
      orderId: order.id,
      jobId: job.id,
      liftId: lift.id,
      note: 'filter and oil please',
    });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({
      status: 'open',
      orderId: order.id,
      jobId: job.id,
      jobName: 'Oil service',
      liftCode: lift.code,
      orderNumber: order.number,
      waitSeconds: 0,
    });
    // No items named: every parts line of the job that is still to be issued.
    expect(
      asked.body.items.map((i: { partLineId: string; quantity: number }) => [i.partLineId, i.quantity]),
    ).toEqual([
      [lines[0]!.id, 1],
      [lines[1]!.id, 4.5],
    ]);
    await expect
      .poll(() => events.find((e) => e.type === 'parts.requested'))
      .toMatchObject({
        requestId: asked.body.id,
        orderId: order.id,
        lineId: job.id,
        liftId: lift.id,
        partLineIds: [lines[0]!.id, lines[1]!.id],
      });

    clock.advance(95_000);
    const queue = await keeper.get('/api/warehouse/parts-requests');
    const mine = queue.body.find((r: { id: string }) => r.id === asked.body.id);
    expect(mine.waitSeconds).toBeGreaterThanOrEqual(95);
    expect(mine.items[0].stock).toMatchObject({ onHand: 5 });

    const issued = await keeper.post(`/api/warehouse/parts-requests/${asked.body.id}/issue`, {});
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ status: 'issued' });
    expect(issued.body.waitSeconds).toBeGreaterThanOrEqual(95);
    expect(issued.body.items.map((i: { issuedQuantity: number }) => i.issuedQuantity)).toEqual([1, 4.5]);
    await expect
      .poll(() => events.find((e) => e.type === 'parts.issued'))
      .toEqual({
        type: 'parts.issued',
        requestId: asked.body.id,
        orderId: order.id,
        lineId: job.id,
        partLineIds: [lines[0]!.id, lines[1]!.id],
        issuedAt: issued.body.issuedAt,
      });
    expect(
      (await keeper.get('/api/warehouse/parts-requests')).body.some(
        (r: { id: string }) => r.id === asked.body.id,
      ),
    ).toBe(false);
    expect((await keeper.get(`/api/warehouse/parts/${filter.id}/stock`)).body.onHand).toBe(4);
    expect((await keeper.get(`/api/warehouse/parts/${oil.id}/stock`)).body.onHand).toBe(15.5);
    const ledger = (await keeper.get(`/api/warehouse/parts/${oil.id}/ledger`)).body.items[0];
    expect(ledger).toMatchObject({
      kind: 'issue',
      quantity: -4.5,
      lineId: lines[1]!.id,
      partsRequestId: asked.body.id,
    });
    // The stored wait stays what it was.
    clock.advance(3_600_000);
    const later = await (
      await signedIn(station, 'storekeeper')
    ).client.get(`/api/warehouse/parts-requests/${asked.body.id}`);
    expect(later.body.waitSeconds).toBe(issued.body.waitSeconds);
    expect((await keeper.post(`/api/warehouse/parts-requests/${asked.body.id}/issue`, {})).status).toBe(409);
  });

  it('a lift kiosk may ask for parts with its device token; the lift comes from the kiosk', async () => {
    const { order, job, lift } = await setUp();
    const manager = (await signedIn(station, 'manager')).client;
    const device = await manager.post('/api/devices', { name: 'Kiosk', scope: 'lift', liftId: lift.id });
    const paired = await new ApiClient(station.baseUrl).post('/api/kiosk/pair', {
      code: device.body.pairingCode,
    });
    const kiosk = new ApiClient(station.baseUrl, { authorization: `Bearer ${paired.body.token}` });
    const asked = await kiosk.post('/api/warehouse/parts-requests', { orderId: order.id, jobId: job.id });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ liftId: lift.id, requestedBy: 'Kiosk' });
    expect((await kiosk.get(`/api/warehouse/parts-requests/${asked.body.id}`)).status).toBe(200);
    expect((await kiosk.post(`/api/warehouse/parts-requests/${asked.body.id}/issue`, {})).status).toBe(403);
  });

  it('refuses to issue more than is on the shelf (409) and the request stays in the queue', async () => {
    const { order, job } = await setUp(0);
    const asked = await mechanic.post('/api/warehouse/parts-requests', { orderId: order.id, jobId: job.id });
    const refused = await keeper.post(`/api/warehouse/parts-requests/${asked.body.id}/issue`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/Not enough stock/);
    const still = await keeper.get(`/api/warehouse/parts-requests/${asked.body.id}`);
    expect(still.body).toMatchObject({ status: 'open', issuedAt: null });
    expect(still.body.items.every((i: { issuedQuantity: number }) => i.issuedQuantity === 0)).toBe(true);
  });

  it('issues a chosen subset, one open request per job, cancelling with a reason', async () => {
    const { order, job, lines } = await setUp();
    const asked = await mechanic.post('/api/warehouse/parts-requests', {
      orderId: order.id,
      jobId: job.id,
      items: [{ partLineId: lines[0]!.id }, { description: 'two cable ties' }],
    });
    expect(asked.status).toBe(201);
    expect(asked.body.items[1]).toMatchObject({ partLineId: null, description: 'two cable ties' });
    const twice = await mechanic.post('/api/warehouse/parts-requests', { orderId: order.id, jobId: job.id });
    expect(twice.status).toBe(409);
    expect(twice.body.error.details.requestId).toBe(asked.body.id);

    const cancelled = await mechanic.post(`/api/warehouse/parts-requests/${asked.body.id}/cancel`, {
      reason: 'found one in the van',
    });
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    await expect
      .poll(() => events.some((e) => e.type === 'parts.request_cancelled' && e.requestId === asked.body.id))
      .toBe(true);
    expect((await keeper.post(`/api/warehouse/parts-requests/${asked.body.id}/issue`, {})).status).toBe(409);

    const again = await mechanic.post('/api/warehouse/parts-requests', { orderId: order.id, jobId: job.id });
    const subset = await keeper.post(`/api/warehouse/parts-requests/${again.body.id}/issue`, {
      items: [{ partLineId: lines[1]!.id, quantity: 4 }],
    });
    expect(subset.status).toBe(200);
    expect(
      subset.body.items.find((i: { partLineId: string }) => i.partLineId === lines[1]!.id).issuedQuantity,
    ).toBe(4);
    expect((await keeper.get(`/api/warehouse/lines/${lines[1]!.id}`)).body).toMatchObject({
      issued: 4,
      needed: 4.5,
    });
  });

  it('refuses bad requests, unknown orders and jobs, and the wrong roles', async () => {
    const { order, job, lines } = await setUp();
    const other = await makeOrderWithParts(station, [{ partId: null, quantity: 1 }]);
    expect((await mechanic.post('/api/warehouse/parts-requests', { jobId: job.id })).body.error.field).toBe(
      'orderId',
    );
    expect(
      (await mechanic.post('/api/warehouse/parts-requests', { orderId: MISSING, jobId: job.id })).status,
    ).toBe(404);
    expect(
      (await mechanic.post('/api/warehouse/parts-requests', { orderId: order.id, jobId: MISSING })).status,
    ).toBe(404);
    expect(
      (await mechanic.post('/api/warehouse/parts-requests', { orderId: other.order.id, jobId: job.id })).body
        .error.field,
    ).toBe('jobId');
    const foreignLine = await mechanic.post('/api/warehouse/parts-requests', {
      orderId: order.id,
      jobId: job.id,
      items: [{ partLineId: other.lines[0]!.id }],
    });
    expect(foreignLine.body.error.field).toBe('items.0.partLineId');
    expect(
      (
        await mechanic.post('/api/warehouse/parts-requests', {
          orderId: order.id,
          jobId: job.id,
          items: [{}],
        })
      ).body.error.field,
    ).toBe('items.0');
    const nothing = await mechanic.post('/api/warehouse/parts-requests', {
      orderId: other.order.id,
      jobId: other.job.id,
    });
    expect(nothing.body.error.field).toBe('items');

    const asked = await mechanic.post('/api/warehouse/parts-requests', {
      orderId: order.id,
      jobId: job.id,
      items: [{ partLineId: lines[0]!.id }],
    });
    expect((await mechanic.post(`/api/warehouse/parts-requests/${asked.body.id}/issue`, {})).status).toBe(
      403,
    );
    expect(
      (await keeper.post(`/api/warehouse/parts-requests/${asked.body.id}/cancel`, {})).body.error.field,
    ).toBe('reason');
    expect((await keeper.post(`/api/warehouse/parts-requests/${MISSING}/issue`, {})).status).toBe(404);
    expect((await keeper.get(`/api/warehouse/parts-requests/${MISSING}`)).status).toBe(404);
    expect((await new ApiClient(station.baseUrl).get('/api/warehouse/parts-requests')).status).toBe(401);
    const advisor = (await signedIn(station, 'advisor')).client;
    expect((await advisor.post(`/api/warehouse/parts-requests/${asked.body.id}/issue`, {})).status).toBe(403);
    const history = await keeper.get(`/api/warehouse/parts-requests/orders/${order.id}`);
    expect(history.body.map((r: { id: string }) => r.id)).toContain(asked.body.id);
  });
});
