import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../support/api-client.ts';
import { signedIn } from '../../support/factories.ts';
import { makeLocation, makePart, makeSupplier, stockUp } from '../../support/factories-warehouse.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';
import { TestClock } from '../../support/test-clock.ts';

let station: TestStation;
let keeper: ApiClient;
const clock = new TestClock();
beforeAll(async () => {
  station = await startTestStation({ clock });
  keeper = (await signedIn(station, 'storekeeper')).client;
});
afterAll(async () => {
  await station?.close();
});

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('suppliers', () => {
  it('creates and edits suppliers; names are unique; a mechanic may not', async () => {
    const res = await keeper.post('/api/warehouse/suppliers', {
      name: 'AutoParts LLC',
      phone: '+74950000000',
      email: 'orders@autoparts.example',
      leadTimeDays: 2,
    });
    expect(res.status).toBe(201);
    expect((await keeper.post('/api/warehouse/suppliers', { name: 'autoparts llc' })).status).toBe(409);
    expect(
      (await keeper.post('/api/warehouse/suppliers', { name: 'X', email: 'nope' })).body.error.field,
    ).toBe('email');
    const edited = await keeper.patch(`/api/warehouse/suppliers/${res.body.id}`, { contactName: 'Olga' });
    expect(edited.body).toMatchObject({ name: 'AutoParts LLC', contactName: 'Olga', leadTimeDays: 2 });
    expect((await keeper.patch(`/api/warehouse/suppliers/${MISSING}`, { note: 'x' })).status).toBe(404);
    const mechanic = (await signedIn(station, 'mechanic')).client;
    expect((await mechanic.post('/api/warehouse/suppliers', { name: 'Mine' })).status).toBe(403);
  });
});

describe('purchase orders and receipts', () => {
  it('goes draft → sent → partly received → received, with stock and moving-average cost', async () => {
    const supplier = await makeSupplier(station);
    const location = await makeLocation(station);
    const part = await makePart(station, { cost: 10_000 });
    await stockUp(station, part.id, location.id, 10, 10_000); // 10 at 100.00
    const other = await makePart(station);

    const draft = await keeper.post('/api/warehouse/purchase-orders', {
      supplierId: supplier.id,
      locationId: location.id,
      lines: [
        { partId: part.id, quantity: 10, unitCost: 13_000 },
        { partId: other.id, quantity: 2 },
      ],
    });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', total: 10 * 13_000 + 2 * 6_000 });
    expect(draft.body.number).toMatch(/^PO-\d{4}-\d{6}$/);
    const id = draft.body.id;

    const tooEarly = await keeper.post('/api/warehouse/receipts', {
      purchaseOrderId: id,
      lines: [{ partId: part.id, quantity: 1 }],
    });
    expect(tooEarly.status).toBe(409);
    expect(
      (
        await keeper.patch(`/api/warehouse/purchase-orders/${id}`, {
          lines: [
            { partId: part.id, quantity: 10, unitCost: 12_000 },
            { partId: other.id, quantity: 2 },
          ],
        })
      ).status,
    ).toBe(200);
    const sent = await keeper.post(`/api/warehouse/purchase-orders/${id}/send`);
    expect(sent.body).toMatchObject({ status: 'sent' });
    expect((await keeper.patch(`/api/warehouse/purchase-orders/${id}`, { note: 'late edit' })).status).toBe(
      409,
    );
    expect((await keeper.post(`/api/warehouse/purchase-orders/${id}/send`)).status).toBe(409);

    const first = await keeper.post('/api/warehouse/receipts', {
      purchaseOrderId: id,
      supplierDocument: 'INV-77',
      lines: [{ partId: part.id, quantity: 5 }],
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      purchaseOrderId: id,
      supplierId: supplier.id,
      locationId: location.id,
      total: 60_000,
    });
    expect(first.body.lines[0]).toMatchObject({ quantity: 5, unitCost: 12_000 });
    expect((await keeper.get(`/api/warehouse/purchase-orders/${id}`)).body).toMatchObject({
      status: 'partly_received',
    });
    // (10 × 100.00 + 5 × 120.00) / 15 = 106.666… → 106.67
    expect((await keeper.get(`/api/warehouse/parts/${part.id}`)).body).toMatchObject({
      cost: 10_667,
      stock: { onHand: 15 },
    });

    const over = await keeper.post('/api/warehouse/receipts', {
      purchaseOrderId: id,
      lines: [{ partId: part.id, quantity: 6 }],
    });
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ field: 'lines.0.quantity', details: { outstanding: 5 } });
    const stranger = await makePart(station);
    expect(
      (
        await keeper.post('/api/warehouse/receipts', {
          purchaseOrderId: id,
          lines: [{ partId: stranger.id, quantity: 1 }],
        })
      ).body.error.field,
    ).toBe('lines.0.partId');

    const rest = await keeper.post('/api/warehouse/receipts', {
      purchaseOrderId: id,
      lines: [
        { partId: part.id, quantity: 5, unitCost: 11_000 },
        { partId: other.id, quantity: 2 },
      ],
    });
    expect(rest.status).toBe(201);
    const done = await keeper.get(`/api/warehouse/purchase-orders/${id}`);
    expect(done.body).toMatchObject({ status: 'received' });
    expect(done.body.lines.map((l: { receivedQuantity: number }) => l.receivedQuantity)).toEqual([10, 2]);
    // (15 × 106.67 + 5 × 110.00) / 20 = 107.5025 → 107.50
    expect((await keeper.get(`/api/warehouse/parts/${part.id}`)).body.cost).toBe(10_750);
    expect(
      (await keeper.post(`/api/warehouse/purchase-orders/${id}/cancel`, { reason: 'too late' })).status,
    ).toBe(409);
    const receipts = await keeper.get(`/api/warehouse/receipts?purchaseOrderId=${id}`);
    expect(receipts.body.total).toBe(2);
  });

  it('refuses a receipt against a cancelled purchase order (409) and keeps the stock as it was', async () => {
    const supplier = await makeSupplier(station);
    const location = await makeLocation(station);
    const part = await makePart(station);
    const po = await keeper.post('/api/warehouse/purchase-orders', {
      supplierId: supplier.id,
      locationId: location.id,
      lines: [{ partId: part.id, quantity: 3 }],
    });
    await keeper.post(`/api/warehouse/purchase-orders/${po.body.id}/send`);
    const noReason = await keeper.post(`/api/warehouse/purchase-orders/${po.body.id}/cancel`, {});
    expect(noReason.body.error.field).toBe('reason');
    const cancelled = await keeper.post(`/api/warehouse/purchase-orders/${po.body.id}/cancel`, {
      reason: 'supplier out of stock',
    });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'supplier out of stock' });
    const receipt = await keeper.post('/api/warehouse/receipts', {
      purchaseOrderId: po.body.id,
      lines: [{ partId: part.id, quantity: 3 }],
    });
    expect(receipt.status).toBe(409);
    expect(receipt.body.error.message).toMatch(/cancelled/);
    expect((await keeper.get(`/api/warehouse/parts/${part.id}/stock`)).body.onHand).toBe(0);
  });

  it('receives without a purchase order, with or without a supplier', async () => {
    const location = await makeLocation(station);
    const part = await makePart(station, { cost: 0 });
    const res = await keeper.post('/api/warehouse/receipts', {
      locationId: location.id,
      lines: [{ partId: part.id, quantity: 4.5, unitCost: 85_000 }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ purchaseOrderId: null, supplierId: null, total: 382_500 });
    expect((await keeper.get(`/api/warehouse/parts/${part.id}`)).body).toMatchObject({
      cost: 85_000,
      stock: { onHand: 4.5 },
    });
    expect(
      (
        await keeper.post('/api/warehouse/receipts', {
          supplierId: MISSING,
          locationId: location.id,
          lines: [{ partId: part.id, quantity: 1 }],
        })
      ).status,
    ).toBe(404);
    expect(
      (await keeper.post('/api/warehouse/receipts', { locationId: location.id, lines: [] })).body.error.field,
    ).toBe('lines');
    expect(
      (
        await keeper.post('/api/warehouse/receipts', {
          locationId: location.id,
          lines: [{ partId: MISSING, quantity: 1 }],
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await keeper.post('/api/warehouse/receipts', {
          purchaseOrderId: MISSING,
          lines: [{ partId: part.id, quantity: 1 }],
        })
      ).status,
    ).toBe(404);
    const mechanic = (await signedIn(station, 'mechanic')).client;
    expect(
      (
        await mechanic.post('/api/warehouse/receipts', {
          locationId: location.id,
          lines: [{ partId: part.id, quantity: 1 }],
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await mechanic.post('/api/warehouse/purchase-orders', {
          supplierId: MISSING,
          lines: [{ partId: part.id, quantity: 1 }],
        })
      ).status,
    ).toBe(403);
  });

  it('refuses purchase orders for unknown suppliers and parts', async () => {
    const part = await makePart(station);
    expect(
      (
        await keeper.post('/api/warehouse/purchase-orders', {
          supplierId: MISSING,
          lines: [{ partId: part.id, quantity: 1 }],
        })
      ).status,
    ).toBe(404);
    const supplier = await makeSupplier(station);
    expect(
      (
        await keeper.post('/api/warehouse/purchase-orders', {
          supplierId: supplier.id,
          lines: [{ partId: MISSING, quantity: 1 }],
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await keeper.post('/api/warehouse/purchase-orders', {
          supplierId: supplier.id,
          lines: [{ partId: part.id, quantity: -1 }],
        })
      ).body.error.field,
    ).toBe('lines.0.quantity');
    expect((await keeper.get(`/api/warehouse/purchase-orders/${MISSING}`)).status).toBe(404);
    expect((await keeper.post(`/api/warehouse/purchase-orders/${MISSING}/send`)).status).toBe(404);
  });
});

describe('reorder suggestions and dead stock', () => {
  it('suggests refills below the minimum and turns them into one draft purchase order per supplier', async () => {
    const north = await makeSupplier(station);
    const south = await makeSupplier(station);
    const location = await makeLocation(station);
    const pads = await makePart(station, { defaultSupplierId: north.id, cost: 250_000 });
    const plugs = await makePart(station, { defaultSupplierId: south.id });
    const orphan = await makePart(station);
    await stockUp(station, pads.id, location.id, 1, 250_000);
    for (const [part, min, max] of [
      [pads, 2, 6],
      [plugs, 4, 8],
      [orphan, 1, 2],
    ] as const) {
      await keeper.put(`/api/warehouse/parts/${part.id}/limits`, { locationId: location.id, min, max });
    }
    const suggestions = await keeper.get('/api/warehouse/reorder-suggestions');
    const mine = suggestions.body.filter((s: { partId: string }) =>
      [pads.id, plugs.id, orphan.id].includes(s.partId),
    );
    expect(mine.find((s: { partId: string }) => s.partId === pads.id)).toMatchObject({
      quantity: 5,
      available: 1,
      min: 2,
      max: 6,
      supplierId: north.id,
      unitCost: 250_000,
    });
    expect(mine.find((s: { partId: string }) => s.partId === plugs.id)).toMatchObject({ quantity: 8 });

    const made = await keeper.post('/api/warehouse/purchase-orders/from-suggestions', {
      partIds: [pads.id, plugs.id, orphan.id],
    });
    expect(made.status).toBe(201);
    expect(made.body.orders).toHaveLength(2);
    expect(
      made.body.orders.map((o: { supplierId: string; status: string }) => [o.supplierId, o.status]).sort(),
    ).toEqual(
      [
        [north.id, 'draft'],
        [south.id, 'draft'],
      ].sort(),
    );
    expect(made.body.skipped).toEqual([{ partId: orphan.id, reason: 'no default supplier' }]);
    // What is on order counts: the suggestion is gone until the stock falls again.
    const after = await keeper.get('/api/warehouse/reorder-suggestions');
    expect(after.body.some((s: { partId: string }) => s.partId === pads.id)).toBe(false);
    const again = await keeper.post('/api/warehouse/purchase-orders/from-suggestions', {
      partIds: [pads.id],
    });
    expect(again.body.orders).toHaveLength(0);
    const mechanic = (await signedIn(station, 'mechanic')).client;
    expect((await mechanic.get('/api/warehouse/reorder-suggestions')).status).toBe(403);
  });

  it('reports stock that has not moved for N days and the money tied up in it', async () => {
    const location = await makeLocation(station);
    const sleeper = await makePart(station, { name: 'Rare gasket' });
    await stockUp(station, sleeper.id, location.id, 3, 150_000);
    clock.advance(200 * 86_400_000);
    const busy = await makePart(station);
    await stockUp(station, busy.id, location.id, 1);
    // Two hundred days on, the old session has expired: sign in again.
    const keeperNow = (await signedIn(station, 'storekeeper')).client;
    const report = await keeperNow.get('/api/warehouse/dead-stock?days=180');
    expect(report.status).toBe(200);
    const row = report.body.items.find((r: { partId: string }) => r.partId === sleeper.id);
    expect(row).toMatchObject({ onHand: 3, unitCost: 150_000, value: 450_000, idleDays: 200 });
    expect(report.body.items.some((r: { partId: string }) => r.partId === busy.id)).toBe(false);
    expect(report.body.totalValue).toBeGreaterThanOrEqual(450_000);
    expect((await keeperNow.get('/api/warehouse/dead-stock?days=0')).body.error.field).toBe('days');
  });
});
