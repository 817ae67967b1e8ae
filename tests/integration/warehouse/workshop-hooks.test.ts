import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../support/api-client.ts';
import { asFactory, signedIn } from '../../support/factories.ts';
import { makeLocation, makePart, stockUp } from '../../support/factories-warehouse.ts';
import { makeOrder } from '../../support/factories-workshop.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';
import { createCannedJob } from '../../../server/src/modules/workshop/index.ts';

/**
 * The workshop tells the warehouse what each parts line needs, in the same transaction: adding,
 * changing, removing, approving, declining lines and cancelling the order move the part's
 * available quantity (on hand − reserved), seen here through the HTTP API only.
 */
let station: TestStation;
let advisor: ApiClient;
let keeper: ApiClient;
beforeAll(async () => {
  station = await startTestStation();
  advisor = (await signedIn(station, 'advisor')).client;
  keeper = (await signedIn(station, 'storekeeper')).client;
});
afterAll(async () => {
  await station?.close();
});

const stock = async (partId: string) =>
  (await keeper.get(`/api/warehouse/parts/${partId}`)).body.stock as {
    onHand: number;
    reserved: number;
    available: number;
  };
const line = async (lineId: string) => (await keeper.get(`/api/warehouse/lines/${lineId}`)).body;

async function stockedPart(quantity: number) {
  const location = await makeLocation(station);
  const part = await makePart(station);
  await stockUp(station, part.id, location.id, quantity);
  return { part, location };
}

async function addLine(orderId: string, body: Record<string, unknown>) {
  const res = await advisor.post(`/api/orders/${orderId}/parts`, {
    name: 'Brake pads',
    unitPriceMinor: 250_000,
    ...body,
  });
  expect(res.status).toBe(201);
  return res.body.parts.at(-1) as { id: string; quantity: string };
}

describe('workshop → warehouse reservation hooks', () => {
  it('a catalogue parts line reserves on add, follows quantity and part changes, and releases on removal', async () => {
    const { part } = await stockedPart(5);
    const { part: other } = await stockedPart(3);
    const { order } = await makeOrder(station);

    const added = await addLine(order.id, { partId: part.id, quantity: 2 });
    expect(await stock(part.id)).toEqual({ onHand: 5, reserved: 2, available: 3 });
    expect(await line(added.id)).toMatchObject({ orderId: order.id, needed: 2, reserved: 2, shortage: 0 });

    // More than is on the shelf: everything free is reserved, the rest is a purchase need.
    const more = await advisor.patch(`/api/orders/${order.id}/parts/${added.id}`, { quantity: 7 });
    expect(more.status).toBe(200);
    expect(await stock(part.id)).toEqual({ onHand: 5, reserved: 5, available: 0 });
    expect(await line(added.id)).toMatchObject({ needed: 7, reserved: 5, shortage: 2 });
    expect((await keeper.get(`/api/warehouse/parts/${part.id}`)).body.openDemand).toBe(2);

    await advisor.patch(`/api/orders/${order.id}/parts/${added.id}`, { quantity: 1 });
    expect(await stock(part.id)).toEqual({ onHand: 5, reserved: 1, available: 4 });

    // Another part: the first gets its unit back, the second is reserved.
    await advisor.patch(`/api/orders/${order.id}/parts/${added.id}`, { partId: other.id });
    expect(await stock(part.id)).toMatchObject({ reserved: 0, available: 5 });
    expect(await stock(other.id)).toMatchObject({ reserved: 1, available: 2 });

    // A change that does not touch part or quantity leaves the reservation alone.
    await advisor.patch(`/api/orders/${order.id}/parts/${added.id}`, { name: 'Front pads' });
    expect(await stock(other.id)).toMatchObject({ reserved: 1 });

    // Turned into free text (customer brings their own): nothing held.
    await advisor.patch(`/api/orders/${order.id}/parts/${added.id}`, { partId: null });
    expect(await stock(other.id)).toMatchObject({ reserved: 0, available: 3 });
    await advisor.patch(`/api/orders/${order.id}/parts/${added.id}`, { partId: other.id, quantity: 2 });
    expect(await stock(other.id)).toMatchObject({ reserved: 2, available: 1 });

    const removed = await advisor.delete(`/api/orders/${order.id}/parts/${added.id}`);
    expect(removed.status).toBeLessThan(300);
    expect(await stock(other.id)).toEqual({ onHand: 3, reserved: 0, available: 3 });
    expect((await keeper.get(`/api/warehouse/lines/${added.id}`)).status).toBe(404);
  });

  it('a free-text line touches no stock', async () => {
    const { part } = await stockedPart(2);
    const { order } = await makeOrder(station);
    const free = await addLine(order.id, { name: 'Customer-supplied wiper', quantity: 1 });
    expect(await line(free.id)).toMatchObject({ needed: 0, reserved: 0, locationId: null });
    expect(await stock(part.id)).toMatchObject({ reserved: 0 });
  });

  it('refuses, and changes nothing, when a line would drop below or lose what was issued (409)', async () => {
    const { part } = await stockedPart(4);
    const { part: other } = await stockedPart(4);
    const { order } = await makeOrder(station);
    const added = await addLine(order.id, { partId: part.id, quantity: 3 });
    const issued = await keeper.post(`/api/warehouse/lines/${added.id}/issue`, { quantity: 2 });
    expect(issued.status).toBe(200);
    expect(await stock(part.id)).toEqual({ onHand: 2, reserved: 1, available: 1 });

    const lower = await advisor.patch(`/api/orders/${order.id}/parts/${added.id}`, { quantity: 1 });
    expect(lower.status).toBe(409);
    expect(lower.body.error.message).toMatch(/already issued/);
    const swap = await advisor.patch(`/api/orders/${order.id}/parts/${added.id}`, { partId: other.id });
    expect(swap.status).toBe(409);
    const remove = await advisor.delete(`/api/orders/${order.id}/parts/${added.id}`);
    expect(remove.status).toBe(409);
    expect(remove.body.error.message).toMatch(/issued to this line/);

    // The whole command rolled back: the line, its quantity and the reservation are as before.
    const card = (await advisor.get(`/api/orders/${order.id}`)).body;
    expect(card.parts.find((p: { id: string }) => p.id === added.id)).toMatchObject({
      quantity: '3',
      partId: part.id,
    });
    expect(await line(added.id)).toMatchObject({ needed: 3, reserved: 1, issued: 2 });
    expect(await stock(part.id)).toEqual({ onHand: 2, reserved: 1, available: 1 });
    expect(await stock(other.id)).toMatchObject({ reserved: 0 });
  });

  it('a recommended parts line reserves only once approved, and a decline gives the stock back', async () => {
    const { part } = await stockedPart(4);
    const { order } = await makeOrder(station);
    await advisor.post(`/api/orders/${order.id}/transitions`, { to: 'approved' });
    const offered = await addLine(order.id, { partId: part.id, quantity: 2, recommended: true });
    const other = await addLine(order.id, { partId: part.id, quantity: 1, recommended: true });
    expect(await stock(part.id)).toMatchObject({ reserved: 0, available: 4 });
    // Changing the quantity of a pending recommendation still holds nothing.
    await advisor.patch(`/api/orders/${order.id}/parts/${offered.id}`, { quantity: 3 });
    expect(await stock(part.id)).toMatchObject({ reserved: 0 });

    const decided = await advisor.post(`/api/orders/${order.id}/decisions`, {
      decisions: [
        { lineId: offered.id, decision: 'approved' },
        { lineId: other.id, decision: 'declined' },
      ],
      via: 'phone',
    });
    expect(decided.status).toBe(200);
    expect(await stock(part.id)).toEqual({ onHand: 4, reserved: 3, available: 1 });
    expect(await line(offered.id)).toMatchObject({ needed: 3, reserved: 3 });
    expect(await line(other.id)).toMatchObject({ needed: 0, reserved: 0 });

    // The customer changes their mind.
    const declined = await advisor.post(`/api/orders/${order.id}/decisions`, {
      decisions: [{ lineId: offered.id, decision: 'declined' }],
      via: 'phone',
    });
    expect(declined.status).toBe(200);
    expect(await stock(part.id)).toEqual({ onHand: 4, reserved: 0, available: 4 });
  });

  it('applying a canned job reserves its catalogue parts', async () => {
    const { part } = await stockedPart(10);
    const canned = await asFactory(station, (cx) =>
      createCannedJob(cx, {
        name: `Oil service ${randomBytes(3).toString('hex')}`,
        lines: [
          {
            lineType: 'job',
            name: 'Change oil',
            normSeconds: 1800,
            pricing: 'fixed',
            fixedPriceMinor: 100_000,
          },
          { lineType: 'part', name: 'Oil', partId: part.id, quantity: '4.5', unitPriceMinor: 90_000 },
          { lineType: 'consumable', name: 'Rags', quantity: '1', unitPriceMinor: 1_000 },
        ],
      } as Parameters<typeof createCannedJob>[1]),
    );
    const { order } = await makeOrder(station);
    const applied = await advisor.post(`/api/orders/${order.id}/canned-jobs`, { cannedJobId: canned.id });
    expect(applied.status).toBeLessThan(300);
    expect(await stock(part.id)).toEqual({ onHand: 10, reserved: 4.5, available: 5.5 });
  });

  it('cancelling an order releases every reservation; what was issued stays issued', async () => {
    const { part } = await stockedPart(6);
    const { order } = await makeOrder(station);
    const a = await addLine(order.id, { partId: part.id, quantity: 2 });
    const b = await addLine(order.id, { partId: part.id, quantity: 3 });
    expect((await keeper.post(`/api/warehouse/lines/${b.id}/issue`, { quantity: 1 })).status).toBe(200);
    expect(await stock(part.id)).toEqual({ onHand: 5, reserved: 4, available: 1 });

    const refused = await advisor.post(`/api/orders/${order.id}/transitions`, { to: 'cancelled' });
    expect(refused.status).toBe(409); // a reason is required; nothing released
    expect(await stock(part.id)).toMatchObject({ reserved: 4 });

    const cancelled = await advisor.post(`/api/orders/${order.id}/transitions`, {
      to: 'cancelled',
      reason: 'customer went elsewhere',
    });
    expect(cancelled.status).toBe(200);
    expect(await stock(part.id)).toEqual({ onHand: 5, reserved: 0, available: 5 });
    expect((await keeper.get(`/api/warehouse/lines/${a.id}`)).body).toMatchObject({ reserved: 0 });
    expect(await line(b.id)).toMatchObject({ reserved: 0, issued: 1 });
    expect((await keeper.get('/api/warehouse/stock/reconciliation')).body.balanced).toBe(true);
  });

  it('a mechanic cannot add parts lines (403) and nothing is reserved', async () => {
    const { part } = await stockedPart(2);
    const { order } = await makeOrder(station);
    const mechanic = (await signedIn(station, 'mechanic')).client;
    const res = await mechanic.post(`/api/orders/${order.id}/parts`, {
      name: 'Pads',
      partId: part.id,
      quantity: 1,
      unitPriceMinor: 1,
    });
    expect(res.status).toBe(403);
    expect(await stock(part.id)).toMatchObject({ reserved: 0 });
  });
});
