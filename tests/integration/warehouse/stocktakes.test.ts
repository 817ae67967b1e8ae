import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../support/api-client.ts';
import { signedIn } from '../../support/factories.ts';
import { makeLocation, makePart, stockUp } from '../../support/factories-warehouse.ts';
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

describe('stocktake', () => {
  it('counts a location, shows the variance, posts it as stocktake movements, and posting twice changes nothing', async () => {
    const shelf = await makeLocation(station);
    const pads = await makePart(station, { name: 'Pads' });
    const plugs = await makePart(station, { name: 'Plugs' });
    const bulbs = await makePart(station, { name: 'Bulbs' });
    const found = await makePart(station, { name: 'Zip ties' });
    await stockUp(station, pads.id, shelf.id, 4);
    await stockUp(station, plugs.id, shelf.id, 8);
    await stockUp(station, bulbs.id, shelf.id, 10);

    const sheet = await keeper.post('/api/warehouse/stocktakes', { locationId: shelf.id });
    expect(sheet.status).toBe(201);
    expect(sheet.body.number).toMatch(/^ST-\d{4}-\d{6}$/);
    expect(sheet.body.lines.map((l: { name: string; expected: number }) => [l.name, l.expected])).toEqual([
      ['Bulbs', 10],
      ['Pads', 4],
      ['Plugs', 8],
    ]);
    expect((await keeper.post('/api/warehouse/stocktakes', { locationId: shelf.id })).status).toBe(409);

    const counted = await keeper.put(`/api/warehouse/stocktakes/${sheet.body.id}/counts`, {
      counts: [
        { partId: pads.id, counted: 3 },
        { partId: plugs.id, counted: 8 },
        { partId: found.id, counted: 2 },
      ],
    });
    expect(counted.status).toBe(200);
    const byName = Object.fromEntries(counted.body.lines.map((l: { name: string }) => [l.name, l]));
    expect(byName.Pads).toMatchObject({ counted: 3, variance: -1 });
    expect(byName.Plugs).toMatchObject({ counted: 8, variance: 0 });
    expect(byName.Bulbs).toMatchObject({ counted: null, variance: null });
    expect(byName['Zip ties']).toMatchObject({ expected: 0, counted: 2, variance: 2 });

    const posted = await keeper.post(`/api/warehouse/stocktakes/${sheet.body.id}/post`);
    expect(posted.status).toBe(200);
    expect(posted.body).toMatchObject({ status: 'posted', postedNow: true, movements: 2 });
    const again = await keeper.post(`/api/warehouse/stocktakes/${sheet.body.id}/post`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'posted', postedNow: false, movements: 0 });

    const stock = async (id: string) => (await keeper.get(`/api/warehouse/parts/${id}/stock`)).body.onHand;
    expect([
      await stock(pads.id),
      await stock(plugs.id),
      await stock(bulbs.id),
      await stock(found.id),
    ]).toEqual([3, 8, 10, 2]);
    const ledger = await keeper.get(`/api/warehouse/parts/${pads.id}/ledger`);
    expect(ledger.body.items[0]).toMatchObject({
      kind: 'stocktake',
      quantity: -1,
      documentType: 'stocktake',
      documentId: sheet.body.id,
      reason: sheet.body.number,
    });
    expect(
      (await keeper.get(`/api/warehouse/stocktakes/${sheet.body.id}`)).body.lines.find(
        (l: { name: string }) => l.name === 'Pads',
      ),
    ).toMatchObject({ posted: -1, variance: -1 });

    expect(
      (
        await keeper.put(`/api/warehouse/stocktakes/${sheet.body.id}/counts`, {
          counts: [{ partId: pads.id, counted: 1 }],
        })
      ).status,
    ).toBe(409);
    expect((await keeper.post(`/api/warehouse/stocktakes/${sheet.body.id}/cancel`)).status).toBe(409);
    expect((await keeper.get('/api/warehouse/stock/reconciliation')).body.balanced).toBe(true);
  });

  it('two people posting the same sheet at once post it once', async () => {
    const shelf = await makeLocation(station);
    const part = await makePart(station);
    await stockUp(station, part.id, shelf.id, 5);
    const sheet = await keeper.post('/api/warehouse/stocktakes', { locationId: shelf.id });
    await keeper.put(`/api/warehouse/stocktakes/${sheet.body.id}/counts`, {
      counts: [{ partId: part.id, counted: 3 }],
    });
    const other = (await signedIn(station, 'storekeeper')).client;
    const results = await Promise.all([
      keeper.post(`/api/warehouse/stocktakes/${sheet.body.id}/post`),
      other.post(`/api/warehouse/stocktakes/${sheet.body.id}/post`),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results.map((r) => r.body.postedNow).sort()).toEqual([false, true]);
    expect((await keeper.get(`/api/warehouse/parts/${part.id}/stock`)).body.onHand).toBe(3);
  });

  it('a cancelled sheet posts nothing; bad input and the wrong roles are refused', async () => {
    const shelf = await makeLocation(station);
    const part = await makePart(station);
    await stockUp(station, part.id, shelf.id, 1);
    const sheet = await keeper.post('/api/warehouse/stocktakes', { locationId: shelf.id });
    expect(
      (
        await keeper.put(`/api/warehouse/stocktakes/${sheet.body.id}/counts`, {
          counts: [{ partId: part.id, counted: -1 }],
        })
      ).body.error.field,
    ).toBe('counts.0.counted');
    expect(
      (await keeper.put(`/api/warehouse/stocktakes/${sheet.body.id}/counts`, { counts: [] })).body.error
        .field,
    ).toBe('counts');
    expect(
      (
        await keeper.put(`/api/warehouse/stocktakes/${sheet.body.id}/counts`, {
          counts: [{ partId: MISSING, counted: 1 }],
        })
      ).status,
    ).toBe(404);
    const mechanic = (await signedIn(station, 'mechanic')).client;
    expect((await mechanic.post(`/api/warehouse/stocktakes/${sheet.body.id}/post`)).status).toBe(403);
    expect((await mechanic.post('/api/warehouse/stocktakes', { locationId: shelf.id })).status).toBe(403);
    expect((await keeper.post(`/api/warehouse/stocktakes/${sheet.body.id}/cancel`)).body.status).toBe(
      'cancelled',
    );
    expect((await keeper.post(`/api/warehouse/stocktakes/${sheet.body.id}/post`)).status).toBe(409);
    expect((await keeper.post('/api/warehouse/stocktakes', { locationId: MISSING })).status).toBe(404);
    expect((await keeper.get(`/api/warehouse/stocktakes/${MISSING}`)).status).toBe(404);
    expect((await keeper.get('/api/warehouse/stocktakes')).body.total).toBeGreaterThanOrEqual(1);
  });
});
