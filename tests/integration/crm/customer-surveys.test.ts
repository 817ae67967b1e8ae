import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../../support/factories.ts';
import { workOrder } from '../../support/factories-crm.ts';
import { makeCustomer, makeOrder, makeVehicle } from '../../support/factories-workshop.ts';
import { TestClock } from '../../support/test-clock.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
const clock = new TestClock();
beforeAll(async () => {
  clock.set(new Date('2026-06-01T08:00:00Z'));
  station = await startTestStation({ clock });
});
afterAll(async () => {
  await station?.close();
});

/** The customer card's "survey answers": `GET /api/crm/surveys?customerId=` with a total for its pager. */
describe('surveys of one customer', () => {
  it('lists only that customer’s surveys, paged with a total, within the caller’s scope', async () => {
    const desk = await signedIn(station, 'advisor');
    const customer = await makeCustomer(station);
    const vehicle = await makeVehicle(station, customer.id);
    const other = await makeOrder(station);
    await workOrder(station, other.order.id, 'handed_over');
    const orders = [];
    for (let i = 0; i < 3; i++) {
      const { order } = await makeOrder(station, { customerId: customer.id, vehicleId: vehicle.id });
      await workOrder(station, order.id, 'handed_over');
      orders.push(order);
      clock.advance(60_000);
    }

    const first = await desk.client.get(`/api/crm/surveys?customerId=${customer.id}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 3, offset: 0, limit: 2 });
    expect(first.body.items).toHaveLength(2);
    const second = await desk.client.get(`/api/crm/surveys?customerId=${customer.id}&limit=2&offset=2`);
    expect(second.body.items).toHaveLength(1);
    const seen = [...first.body.items, ...second.body.items];
    expect(seen.every((s: { customer: { id: string } }) => s.customer.id === customer.id)).toBe(true);
    expect(seen.map((s: { order: { id: string } }) => s.order.id).sort()).toEqual(
      orders.map((o) => o.id).sort(),
    );

    // The whole list still has everyone's (and its total counts them).
    const all = await desk.client.get('/api/crm/surveys?limit=200');
    expect(all.body.total).toBeGreaterThanOrEqual(4);
    expect(all.body.items.some((s: { order: { id: string } }) => s.order.id === other.order.id)).toBe(true);

    // Failures: a malformed id, an unknown customer, another owner's customer for an "own" scope.
    const bad = await desk.client.get('/api/crm/surveys?customerId=nope');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('customerId');
    expect((await desk.client.get(`/api/crm/surveys?customerId=${crypto.randomUUID()}`)).status).toBe(404);
    const own = await signedIn(station, 'manager', { scope: 'own' });
    const foreign = await own.client.get(`/api/crm/surveys?customerId=${customer.id}`);
    expect(foreign.status).toBe(403);
    const mine = await makeCustomer(station, { ownerId: own.user.id });
    const empty = await own.client.get(`/api/crm/surveys?customerId=${mine.id}`);
    expect(empty.body).toMatchObject({ total: 0, items: [] });

    // Without the CRM's permission, nothing.
    const mechanic = await signedIn(station, 'mechanic');
    expect((await mechanic.client.get(`/api/crm/surveys?customerId=${customer.id}`)).status).toBe(403);
  });
});
