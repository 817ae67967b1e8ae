import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../support/api-client.ts';
import { signedIn } from '../../support/factories.ts';
import { makeLocation, makeOrderWithParts, makePart, stockUp } from '../../support/factories-warehouse.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
let keeper: ApiClient;
beforeAll(async () => {
  station = await startTestStation();
  keeper = (await signedIn(station, 'storekeeper')).client;
});
afterAll(async () => {
  await station?.close();
});

const MISSING = '00000000-0000-4000-8000-000000000000';
const stockOf = async (partId: string) => (await keeper.get(`/api/warehouse/parts/${partId}/stock`)).body;

describe('locations', () => {
  it('builds a warehouse with shelves and bins, and a van', async () => {
    const main = await keeper.post('/api/warehouse/locations', {
      code: 'MAIN',
      name: 'Main store',
      kind: 'warehouse',
      isDefault: true,
    });
    expect(main.status).toBe(201);
    const shelf = await keeper.post('/api/warehouse/locations', {
      code: 'MAIN-A1',
      name: 'Shelf A1',
      kind: 'shelf',
      parentId: main.body.id,
    });
    expect(shelf.body).toMatchObject({ kind: 'shelf', parentId: main.body.id, isDefault: false });
    const bin = await keeper.post('/api/warehouse/locations', {
      code: 'MAIN-A1-03',
      name: 'Bin 3',
      kind: 'bin',
      parentId: shelf.body.id,
    });
    expect(bin.status).toBe(201);
    expect(
      (await keeper.post('/api/warehouse/locations', { code: 'VAN-1', name: 'Service van', kind: 'van' }))
        .status,
    ).toBe(201);

    const orphan = await keeper.post('/api/warehouse/locations', { code: 'B2', name: 'Bin', kind: 'bin' });
    expect(orphan.status).toBe(400);
    expect(orphan.body.error.field).toBe('parentId');
    const vanInShelf = await keeper.post('/api/warehouse/locations', {
      code: 'V2',
      name: 'Van',
      kind: 'van',
      parentId: shelf.body.id,
    });
    expect(vanInShelf.body.error.field).toBe('parentId');
    const taken = await keeper.post('/api/warehouse/locations', {
      code: 'main',
      name: 'Again',
      kind: 'warehouse',
    });
    expect(taken.status).toBe(409);
    expect(
      (await keeper.post('/api/warehouse/locations', { code: 'bad code!', name: 'x', kind: 'warehouse' }))
        .body.error.field,
    ).toBe('code');
    expect((await keeper.patch(`/api/warehouse/locations/${MISSING}`, { name: 'x' })).status).toBe(404);

    const part = await makePart(station);
    await stockUp(station, part.id, bin.body.id, 2);
    const close = await keeper.patch(`/api/warehouse/locations/${bin.body.id}`, { active: false });
    expect(close.status).toBe(409);
    const list = await keeper.get('/api/warehouse/locations');
    expect(list.body[0].code).toBe('MAIN');
    const mechanic = (await signedIn(station, 'mechanic')).client;
    expect(
      (await mechanic.post('/api/warehouse/locations', { code: 'M1', name: 'x', kind: 'warehouse' })).status,
    ).toBe(403);
  });
});

describe('stock movements', () => {
  it('adjusts with a reason, transfers between locations, and keeps a ledger with running balances', async () => {
    const part = await makePart(station);
    const a = await makeLocation(station);
    const van = await makeLocation(station, { kind: 'van' });
    await stockUp(station, part.id, a.id, 5);
    const found = await keeper.post('/api/warehouse/stock/adjustments', {
      partId: part.id,
      locationId: a.id,
      quantity: 1,
      reason: 'found behind the shelf',
    });
    expect(found.status).toBe(201);
    const broken = await keeper.post('/api/warehouse/stock/adjustments', {
      partId: part.id,
      locationId: a.id,
      quantity: -2,
      reason: 'broken in handling',
    });
    expect(broken.status).toBe(201);
    const transfer = await keeper.post('/api/warehouse/stock/transfers', {
      fromLocationId: a.id,
      toLocationId: van.id,
      items: [{ partId: part.id, quantity: 1.5 }],
    });
    expect(transfer.status).toBe(201);
    expect(transfer.body.number).toMatch(/^TR-\d{4}-\d{6}$/);

    const stock = await stockOf(part.id);
    expect(stock).toMatchObject({ onHand: 4, reserved: 0, available: 4 });
    expect(stock.locations.find((l: { locationId: string }) => l.locationId === van.id)).toMatchObject({
      onHand: 1.5,
    });

    const ledger = await keeper.get(`/api/warehouse/parts/${part.id}/ledger?locationId=${a.id}`);
    expect(ledger.body.total).toBe(4);
    expect(
      ledger.body.items.map((m: { kind: string; quantity: number; balance: number }) => [
        m.kind,
        m.quantity,
        m.balance,
      ]),
    ).toEqual([
      ['transfer_out', -1.5, 2.5],
      ['adjustment', -2, 4],
      ['adjustment', 1, 6],
      ['receipt', 5, 5],
    ]);
    expect(ledger.body.items[1].reason).toBe('broken in handling');
  });

  it('never goes below zero: a 409 names what is available', async () => {
    const part = await makePart(station);
    const a = await makeLocation(station);
    const b = await makeLocation(station);
    await stockUp(station, part.id, a.id, 2);
    const tooMuch = await keeper.post('/api/warehouse/stock/adjustments', {
      partId: part.id,
      locationId: a.id,
      quantity: -3,
      reason: 'lost',
    });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error.details).toMatchObject({ requested: 3, available: 2 });
    const transfer = await keeper.post('/api/warehouse/stock/transfers', {
      fromLocationId: a.id,
      toLocationId: b.id,
      items: [{ partId: part.id, quantity: 2.001 }],
    });
    expect(transfer.status).toBe(409);
    expect(await stockOf(part.id)).toMatchObject({ onHand: 2 });
  });

  it('refuses bad input and the wrong roles: a mechanic may not adjust stock', async () => {
    const part = await makePart(station);
    const a = await makeLocation(station);
    const noReason = await keeper.post('/api/warehouse/stock/adjustments', {
      partId: part.id,
      locationId: a.id,
      quantity: 1,
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('reason');
    expect(
      (
        await keeper.post('/api/warehouse/stock/adjustments', {
          partId: part.id,
          locationId: a.id,
          quantity: 0,
          reason: 'x',
        })
      ).body.error.field,
    ).toBe('quantity');
    expect(
      (
        await keeper.post('/api/warehouse/stock/adjustments', {
          partId: part.id,
          locationId: a.id,
          quantity: 0.0001,
          reason: 'x',
        })
      ).body.error.field,
    ).toBe('quantity');
    expect(
      (
        await keeper.post('/api/warehouse/stock/adjustments', {
          partId: MISSING,
          locationId: a.id,
          quantity: 1,
          reason: 'x',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await keeper.post('/api/warehouse/stock/adjustments', {
          partId: part.id,
          locationId: MISSING,
          quantity: 1,
          reason: 'x',
        })
      ).status,
    ).toBe(404);
    const same = await keeper.post('/api/warehouse/stock/transfers', {
      fromLocationId: a.id,
      toLocationId: a.id,
      items: [{ partId: part.id, quantity: 1 }],
    });
    expect(same.body.error.field).toBe('toLocationId');

    const mechanic = (await signedIn(station, 'mechanic')).client;
    const refused = await mechanic.post('/api/warehouse/stock/adjustments', {
      partId: part.id,
      locationId: a.id,
      quantity: 5,
      reason: 'I want more',
    });
    expect(refused.status).toBe(403);
    expect(
      (
        await mechanic.post('/api/warehouse/stock/transfers', {
          fromLocationId: a.id,
          toLocationId: a.id,
          items: [],
        })
      ).status,
    ).toBe(403);
    const advisor = (await signedIn(station, 'advisor')).client;
    expect(
      (
        await advisor.post('/api/warehouse/stock/adjustments', {
          partId: part.id,
          locationId: a.id,
          quantity: 5,
          reason: 'x',
        })
      ).status,
    ).toBe(403);
    expect((await mechanic.get('/api/warehouse/stock/reconciliation')).status).toBe(403);
  });

  it('the ledger is append-only: the database refuses UPDATE and DELETE', async () => {
    const part = await makePart(station);
    const a = await makeLocation(station);
    await stockUp(station, part.id, a.id, 1);
    const sequelize = station.deps.sequelize;
    await expect(
      sequelize.query(`UPDATE stock_movements SET quantity = 100 WHERE part_id = :id`, {
        replacements: { id: part.id },
      }),
    ).rejects.toThrow(/append-only/);
    await expect(
      sequelize.query(`DELETE FROM stock_movements WHERE part_id = :id`, { replacements: { id: part.id } }),
    ).rejects.toThrow(/append-only/);
    await expect(
      sequelize.query(`UPDATE stock_levels SET on_hand = -1 WHERE part_id = :id`, {
        replacements: { id: part.id },
      }),
    ).rejects.toThrow(/check constraint/);
  });

  it('concurrent issues of the last unit: exactly one succeeds, the other is a 409', async () => {
    const part = await makePart(station);
    const a = await makeLocation(station);
    await stockUp(station, part.id, a.id, 1);
    const one = await makeOrderWithParts(station, [{ partId: part.id, quantity: 1 }]);
    const two = await makeOrderWithParts(station, [{ partId: part.id, quantity: 1 }]);
    const other = (await signedIn(station, 'storekeeper')).client;
    const results = await Promise.all([
      keeper.post(`/api/warehouse/lines/${one.lines[0]!.id}/issue`, {}),
      other.post(`/api/warehouse/lines/${two.lines[0]!.id}/issue`, {}),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await stockOf(part.id)).toMatchObject({ onHand: 0, reserved: 0 });
    const issues = await station.deps.sequelize.query(
      `SELECT count(*)::int AS n FROM stock_movements WHERE part_id = :id AND kind = 'issue'`,
      {
        type: QueryTypes.SELECT,
        replacements: { id: part.id },
      },
    );
    expect(issues).toEqual([{ n: 1 }]);
  });

  it('concurrent corrections of the last unit: one 201, one 409, never negative', async () => {
    const part = await makePart(station);
    const a = await makeLocation(station);
    await stockUp(station, part.id, a.id, 1);
    const body = { partId: part.id, locationId: a.id, quantity: -1, reason: 'written off' };
    const results = await Promise.all(
      Array.from({ length: 4 }, () => keeper.post('/api/warehouse/stock/adjustments', body)),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    expect(await stockOf(part.id)).toMatchObject({ onHand: 0 });
  });

  it('the summary always equals the ledger (reconciliation)', async () => {
    const res = await keeper.get('/api/warehouse/stock/reconciliation');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ balanced: true, mismatches: [] });
    const levels = await keeper.get('/api/warehouse/stock?limit=200');
    expect(levels.status).toBe(200);
    expect(levels.body.total).toBeGreaterThan(0);
  });
});
