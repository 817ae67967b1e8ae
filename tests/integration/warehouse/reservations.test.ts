import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../support/api-client.ts';
import { asFactory, signedIn } from '../../support/factories.ts';
import {
  makeLocation,
  makeOrderWithParts,
  makePart,
  makeSupplier,
  stockUp,
} from '../../support/factories-warehouse.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';
import { releaseOrderReservations, reserveForLine } from '../../../server/src/modules/warehouse/index.ts';
import type { DomainEvent } from '../../../server/src/platform/events.ts';

let station: TestStation;
let keeper: ApiClient;
const events: DomainEvent[] = [];
beforeAll(async () => {
  station = await startTestStation();
  station.deps.bus.subscribe((e) => void events.push(e));
  keeper = (await signedIn(station, 'storekeeper')).client;
});
afterAll(async () => {
  await station?.close();
});

const MISSING = '00000000-0000-4000-8000-000000000000';
const card = async (partId: string) => (await keeper.get(`/api/warehouse/parts/${partId}`)).body;
const reserve = (
  lineId: string,
  orderId: string,
  partId: string,
  quantity: number | string,
  locationId?: string,
) => asFactory(station, (cx) => reserveForLine(cx, { lineId, orderId, partId, quantity, locationId }));

describe('reservations for repair-order parts lines', () => {
  it('reserves free stock, turns the shortage into a purchase need, and covers it when the delivery arrives', async () => {
    const supplier = await makeSupplier(station);
    const location = await makeLocation(station);
    const part = await makePart(station, { defaultSupplierId: supplier.id });
    await stockUp(station, part.id, location.id, 2);
    const { order, customer, lines } = await makeOrderWithParts(station, [{ partId: part.id, quantity: 5 }]);
    const line = lines[0]!;

    const reserved = await reserve(line.id, order.id, part.id, '5.000');
    expect(reserved).toMatchObject({
      needed: 5,
      reserved: 2,
      issued: 0,
      shortage: 3,
      locationId: location.id,
    });
    expect(await card(part.id)).toMatchObject({
      stock: { onHand: 2, reserved: 2, available: 0 },
      openDemand: 3,
    });
    const suggestion = (await keeper.get('/api/warehouse/reorder-suggestions')).body.find(
      (s: { partId: string }) => s.partId === part.id,
    );
    expect(suggestion).toMatchObject({ openDemand: 3, quantity: 3, supplierId: supplier.id });
    // Calling it again with the same need changes nothing (idempotent).
    expect(await reserve(line.id, order.id, part.id, 5)).toMatchObject({ reserved: 2, shortage: 3 });

    events.length = 0;
    const receipt = await keeper.post('/api/warehouse/receipts', {
      locationId: location.id,
      lines: [{ partId: part.id, quantity: 4, unitCost: 7_000 }],
    });
    expect(receipt.status).toBe(201);
    expect(receipt.body.arrivals).toEqual([
      { orderId: order.id, customerId: customer!.id, partIds: [part.id] },
    ]);
    expect((await keeper.get(`/api/warehouse/lines/${line.id}`)).body).toMatchObject({
      reserved: 5,
      shortage: 0,
    });
    expect(await card(part.id)).toMatchObject({
      stock: { onHand: 6, reserved: 5, available: 1 },
      openDemand: 0,
    });
    await expect
      .poll(() => events.find((e) => e.type === 'parts.arrived'))
      .toEqual({ type: 'parts.arrived', orderId: order.id, customerId: customer!.id, partIds: [part.id] });
  });

  it('does not tell the customer while another part of the order is still missing', async () => {
    const location = await makeLocation(station);
    const oil = await makePart(station, { unit: 'l' });
    const filter = await makePart(station);
    const { order, lines } = await makeOrderWithParts(station, [
      { partId: oil.id, quantity: 4.5 },
      { partId: filter.id, quantity: 1 },
    ]);
    await reserve(lines[0]!.id, order.id, oil.id, 4.5, location.id);
    await reserve(lines[1]!.id, order.id, filter.id, 1, location.id);
    const first = await keeper.post('/api/warehouse/receipts', {
      locationId: location.id,
      lines: [{ partId: oil.id, quantity: 20, unitCost: 79_000 }],
    });
    expect(first.body.arrivals).toEqual([]);
    const second = await keeper.post('/api/warehouse/receipts', {
      locationId: location.id,
      lines: [{ partId: filter.id, quantity: 1, unitCost: 50_000 }],
    });
    expect(second.body.arrivals).toEqual([
      { orderId: order.id, customerId: expect.any(String), partIds: [filter.id] },
    ]);
  });

  it('releases, re-reserves at another location, and refuses to lower a line below what was issued', async () => {
    const a = await makeLocation(station);
    const b = await makeLocation(station);
    const part = await makePart(station);
    await stockUp(station, part.id, a.id, 3);
    await stockUp(station, part.id, b.id, 3);
    const { order, lines } = await makeOrderWithParts(station, [{ partId: part.id, quantity: 2 }]);
    const lineId = lines[0]!.id;

    const moved = await keeper.post(`/api/warehouse/lines/${lineId}/reserve`, { locationId: b.id });
    expect(moved.body).toMatchObject({ locationId: b.id, reserved: 2 });
    const released = await keeper.delete(`/api/warehouse/lines/${lineId}/reservation`);
    expect(released.body).toMatchObject({ reserved: 0, needed: 0 });
    expect(await card(part.id)).toMatchObject({ stock: { onHand: 6, reserved: 0 } });
    expect((await keeper.delete(`/api/warehouse/lines/${lineId}/reservation`)).status).toBe(404);

    const issued = await keeper.post(`/api/warehouse/lines/${lineId}/issue`, { locationId: a.id });
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ needed: 2, issued: 2, reserved: 0, shortage: 0 });
    await expect(
      asFactory(station, (cx) =>
        reserveForLine(cx, { lineId, orderId: order.id, partId: part.id, quantity: 1 }),
      ),
    ).rejects.toThrow(/already issued/);
    const more = await keeper.post(`/api/warehouse/lines/${lineId}/issue`, { quantity: 1 });
    expect(more.status).toBe(409);

    const back = await keeper.post(`/api/warehouse/lines/${lineId}/return`, {
      quantity: 1,
      reason: 'not fitted',
    });
    expect(back.status).toBe(200);
    // The line still needs 2, so the returned unit is reserved for it again.
    expect(back.body).toMatchObject({ issued: 1, reserved: 1 });
    expect((await keeper.post(`/api/warehouse/lines/${lineId}/return`, { quantity: 2 })).status).toBe(409);
    const ledger = (await keeper.get(`/api/warehouse/parts/${part.id}/ledger`)).body.items;
    expect(ledger.slice(0, 2).map((m: { kind: string; lineId: string }) => [m.kind, m.lineId])).toEqual([
      ['return', lineId],
      ['issue', lineId],
    ]);
  });

  it('issues from free stock beyond the reservation and refuses what is not there (409)', async () => {
    const location = await makeLocation(station);
    const part = await makePart(station);
    await stockUp(station, part.id, location.id, 2);
    const { lines } = await makeOrderWithParts(station, [{ partId: part.id, quantity: 3 }]);
    const short = await keeper.post(`/api/warehouse/lines/${lines[0]!.id}/issue`, {});
    expect(short.status).toBe(409);
    expect(short.body.error.details).toMatchObject({ requested: 3, available: 2 });
    const partial = await keeper.post(`/api/warehouse/lines/${lines[0]!.id}/issue`, { quantity: 2 });
    expect(partial.body).toMatchObject({ issued: 2, shortage: 1 });
  });

  it('a count that finds less than was reserved cuts the newest reservation and leaves a shortage', async () => {
    const location = await makeLocation(station);
    const part = await makePart(station);
    await stockUp(station, part.id, location.id, 2);
    const first = await makeOrderWithParts(station, [{ partId: part.id, quantity: 1 }]);
    const second = await makeOrderWithParts(station, [{ partId: part.id, quantity: 1 }]);
    await reserve(first.lines[0]!.id, first.order.id, part.id, 1);
    await reserve(second.lines[0]!.id, second.order.id, part.id, 1);
    const adj = await keeper.post('/api/warehouse/stock/adjustments', {
      partId: part.id,
      locationId: location.id,
      quantity: -1,
      reason: 'damaged',
    });
    expect(adj.status).toBe(201);
    expect((await keeper.get(`/api/warehouse/lines/${first.lines[0]!.id}`)).body).toMatchObject({
      reserved: 1,
      shortage: 0,
    });
    expect((await keeper.get(`/api/warehouse/lines/${second.lines[0]!.id}`)).body).toMatchObject({
      reserved: 0,
      shortage: 1,
    });
    expect((await keeper.get('/api/warehouse/stock/reconciliation')).body.balanced).toBe(true);
  });

  it('gives back every reservation of a cancelled order', async () => {
    const location = await makeLocation(station);
    const part = await makePart(station);
    await stockUp(station, part.id, location.id, 5);
    const { order, lines } = await makeOrderWithParts(station, [
      { partId: part.id, quantity: 2 },
      { partId: part.id, quantity: 1 },
    ]);
    for (const l of lines) await reserve(l.id, order.id, part.id, Number(l.quantity));
    expect((await card(part.id)).stock.reserved).toBe(3);
    const released = await asFactory(station, (cx) => releaseOrderReservations(cx, { orderId: order.id }));
    expect(released).toHaveLength(2);
    expect((await card(part.id)).stock).toEqual({ onHand: 5, reserved: 0, available: 5 });
  });

  it('refuses lines that cannot take stock, unknown lines and the wrong roles', async () => {
    const part = await makePart(station);
    const location = await makeLocation(station);
    await stockUp(station, part.id, location.id, 5);
    const { lines } = await makeOrderWithParts(station, [
      { partId: null, quantity: 1, name: 'Customer-supplied wiper' },
    ]);
    const freeText = await keeper.post(`/api/warehouse/lines/${lines[0]!.id}/issue`, {});
    expect(freeText.status).toBe(409);
    expect(freeText.body.error.message).toMatch(/not a catalogue part/);
    expect((await keeper.post(`/api/warehouse/lines/${MISSING}/issue`, {})).status).toBe(404);
    expect((await keeper.get(`/api/warehouse/lines/${MISSING}`)).status).toBe(404);
    expect((await keeper.post(`/api/warehouse/lines/${MISSING}/return`, { quantity: 1 })).status).toBe(404);
    expect((await keeper.post(`/api/warehouse/lines/not-a-line/issue`, {})).body.error.field).toBe('lineId');
    expect(
      (await keeper.post(`/api/warehouse/lines/${MISSING}/issue`, { quantity: 0 })).body.error.field,
    ).toBe('quantity');
    const { lines: good } = await makeOrderWithParts(station, [{ partId: part.id, quantity: 1 }]);
    const mechanic = (await signedIn(station, 'mechanic')).client;
    expect((await mechanic.post(`/api/warehouse/lines/${good[0]!.id}/issue`, {})).status).toBe(403);
    expect((await mechanic.post(`/api/warehouse/lines/${good[0]!.id}/reserve`, {})).status).toBe(403);
    expect((await mechanic.get(`/api/warehouse/lines/${good[0]!.id}`)).status).toBe(200);
  });
});
