import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../support/api-client.ts';
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

describe('parts catalogue', () => {
  it('creates a part with its numbers and analogues and finds it by any number typed with separators', async () => {
    const created = await keeper.post('/api/warehouse/parts', {
      sku: 'MF-W914-2',
      name: 'Oil filter W 914/2',
      brand: 'MANN-FILTER',
      salePrice: 89_000,
      cost: 52_000,
      barcode: '4011558738007',
      numbers: [
        { kind: 'article', number: 'W 914/2' },
        { kind: 'oem', brand: 'VAG', number: '06A 115 561 B' },
      ],
      analogues: [{ brand: 'MAHLE', number: 'OC 456' }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      sku: 'MF-W914-2',
      brand: 'MANN-FILTER',
      unit: 'pcs',
      salePrice: 89_000,
      cost: 52_000,
    });
    expect(created.body.numbers.map((n: { number: string }) => n.number)).toEqual([
      'MF-W914-2',
      'W 914/2',
      '06A 115 561 B',
    ]);
    expect(created.body.crossReferences).toHaveLength(1);
    expect(created.body.crossReferences[0]).toMatchObject({
      number: 'W 914/2',
      analogueNumber: 'OC 456',
      analogueBrand: 'MAHLE',
    });

    for (const typed of ['w914-2', 'W.914.2', '06a115561b', '06A-115-561-B', 'mfw9142', '4011558738007']) {
      const res = await keeper.get(`/api/warehouse/parts?q=${encodeURIComponent(typed)}`);
      expect(res.status).toBe(200);
      expect(res.body[0]?.part.id, typed).toBe(created.body.id);
      expect(res.body[0].match.exact).toBe(true);
    }
    const prefix = await keeper.get('/api/warehouse/parts?q=06A11');
    expect(prefix.body[0]).toMatchObject({
      part: { id: created.body.id },
      match: { kind: 'oem', exact: false },
    });
  });

  it('finds analogues from both sides of a cross-reference, with their stock', async () => {
    const location = await makeLocation(station);
    const bosch = await makePart(station, {
      sku: 'BO-0451103318',
      name: 'Oil filter Bosch',
      brand: 'BOSCH',
      numbers: [{ kind: 'article', number: '0 451 103 318' }],
    });
    const mahle = await makePart(station, {
      sku: 'MH-OC456',
      name: 'Oil filter Mahle',
      brand: 'MAHLE',
      numbers: [{ kind: 'article', number: 'OC 456' }],
    });
    await stockUp(station, mahle.id, location.id, 3);
    // One pair, typed from Bosch's side: 0451103318 ≈ OC456.
    const pair = await keeper.post(`/api/warehouse/parts/${bosch.id}/cross-references`, {
      number: '0451103318',
      brand: 'BOSCH',
      analogueNumber: 'oc-456',
      analogueBrand: 'MAHLE',
    });
    expect(pair.status).toBe(201);
    expect(pair.body[0].parts[0]).toMatchObject({ id: mahle.id, stock: { onHand: 3, available: 3 } });
    const again = await keeper.post(`/api/warehouse/parts/${bosch.id}/cross-references`, {
      number: 'OC456',
      analogueNumber: '0451103318',
    });
    expect(again.status).toBe(200);

    const fromBosch = await keeper.get('/api/warehouse/parts?q=0451-103-318');
    const ids = fromBosch.body.map((h: { part: { id: string } }) => h.part.id);
    expect(ids[0]).toBe(bosch.id);
    expect(ids).toContain(mahle.id);
    const analogue = fromBosch.body.find((h: { part: { id: string } }) => h.part.id === mahle.id);
    expect(analogue).toMatchObject({ match: { kind: 'analogue', via: '0451103318' }, stock: { onHand: 3 } });

    const fromMahle = await keeper.get('/api/warehouse/parts?q=OC 456');
    expect(fromMahle.body.map((h: { part: { id: string } }) => h.part.id)).toEqual(
      expect.arrayContaining([mahle.id, bosch.id]),
    );
    // The Mahle card shows the Bosch as its analogue (the other side of the same pair).
    const card = await keeper.get(`/api/warehouse/parts/${mahle.id}`);
    expect(
      card.body.crossReferences.some((x: { parts: Array<{ id: string }> }) =>
        x.parts.some((p) => p.id === bosch.id),
      ),
    ).toBe(true);
    expect(card.body.stock).toEqual({ onHand: 3, reserved: 0, available: 3 });
  });

  it('searches by name words and by brand', async () => {
    await makePart(station, { name: 'Brake pads front Octavia A7', brand: 'TRW' });
    await makePart(station, { name: 'Brake pads rear Octavia A7', brand: 'ATE' });
    const byName = await keeper.get('/api/warehouse/parts?q=octavia front&by=name');
    expect(byName.body.map((h: { part: { name: string } }) => h.part.name)).toEqual([
      'Brake pads front Octavia A7',
    ]);
    const byBrand = await keeper.get('/api/warehouse/parts?brand=trw');
    expect(byBrand.body.every((h: { part: { brand: string } }) => h.part.brand === 'TRW')).toBe(true);
    expect(byBrand.body.length).toBeGreaterThan(0);
    const both = await keeper.get('/api/warehouse/parts?q=brake pads&brand=ATE');
    expect(both.body.map((h: { part: { brand: string } }) => h.part.brand)).toEqual(['ATE']);
  });

  it('edits a part, replaces its numbers and keeps the cost out of reach', async () => {
    const part = await makePart(station, { numbers: [{ kind: 'oem', number: 'OLD-1' }] });
    const res = await keeper.patch(`/api/warehouse/parts/${part.id}`, {
      name: 'Renamed',
      numbers: [{ kind: 'oem', number: 'NEW-2' }],
      salePrice: 12_345,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Renamed', salePrice: 12_345 });
    expect(
      (await keeper.get('/api/warehouse/parts?q=OLD1&by=number')).body.some(
        (h: { part: { id: string } }) => h.part.id === part.id,
      ),
    ).toBe(false);
    expect((await keeper.get('/api/warehouse/parts?q=new2')).body[0].part.id).toBe(part.id);
    const cost = await keeper.patch(`/api/warehouse/parts/${part.id}`, { cost: 1 });
    expect(cost.status).toBe(400);
    expect(cost.body.error.field).toBe('cost');
  });

  it('sets min/max per location', async () => {
    const part = await makePart(station);
    const location = await makeLocation(station);
    const set = await keeper.put(`/api/warehouse/parts/${part.id}/limits`, {
      locationId: location.id,
      min: 2,
      max: 10,
    });
    expect(set.status).toBe(200);
    expect(set.body[0]).toMatchObject({ locationId: location.id, min: 2, max: 10, onHand: 0 });
    const bad = await keeper.put(`/api/warehouse/parts/${part.id}/limits`, {
      locationId: location.id,
      min: 5,
      max: 1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('max');
    expect((await keeper.delete(`/api/warehouse/parts/${part.id}/limits/${location.id}`)).status).toBe(200);
    expect((await keeper.delete(`/api/warehouse/parts/${part.id}/limits/${location.id}`)).status).toBe(404);
  });

  it('refuses bad input, unknown parts, clashes and the wrong roles', async () => {
    const missingName = await keeper.post('/api/warehouse/parts', { sku: 'X-1' });
    expect(missingName.status).toBe(400);
    expect(missingName.body.error.field).toBe('name');
    const badPrice = await keeper.post('/api/warehouse/parts', { sku: 'X-2', name: 'X', salePrice: 1.5 });
    expect(badPrice.body.error.field).toBe('salePrice');
    const badUnit = await keeper.post('/api/warehouse/parts', { sku: 'X-3', name: 'X', unit: 'bucket' });
    expect(badUnit.body.error.field).toBe('unit');
    const separatorsOnly = await keeper.post('/api/warehouse/parts', { sku: '--', name: 'X' });
    expect(separatorsOnly.body.error.field).toBe('sku');

    const a = await makePart(station, { sku: 'DUP-001', barcode: '2000000000015' });
    const dupSku = await keeper.post('/api/warehouse/parts', { sku: 'dup 001', name: 'Copy' });
    expect(dupSku.status).toBe(409);
    expect(dupSku.body.error).toMatchObject({ field: 'sku', details: { partId: a.id } });
    const dupBarcode = await keeper.post('/api/warehouse/parts', {
      sku: 'DUP-002',
      name: 'Copy',
      barcode: '2000000000015\r\n',
    });
    expect(dupBarcode.status).toBe(409);
    expect(dupBarcode.body.error.field).toBe('barcode');
    const sameNumber = await keeper.post(`/api/warehouse/parts/${a.id}/cross-references`, {
      number: 'A-1',
      analogueNumber: 'a1',
    });
    expect(sameNumber.status).toBe(400);
    expect(sameNumber.body.error.field).toBe('analogueNumber');

    expect((await keeper.get(`/api/warehouse/parts/${MISSING}`)).status).toBe(404);
    expect((await keeper.get(`/api/warehouse/parts/${MISSING}/stock`)).status).toBe(404);
    expect((await keeper.get(`/api/warehouse/parts/${MISSING}/ledger`)).status).toBe(404);
    expect((await keeper.patch(`/api/warehouse/parts/${MISSING}`, { name: 'x' })).status).toBe(404);
    expect((await keeper.get('/api/warehouse/parts/not-an-id')).body.error.field).toBe('id');
    expect(
      (await keeper.post('/api/warehouse/parts', { sku: 'S', name: 'N', defaultSupplierId: MISSING })).status,
    ).toBe(404);

    const anonymous = new ApiClient(station.baseUrl);
    expect((await anonymous.get('/api/warehouse/parts?q=1')).status).toBe(401);
    const mechanic = (await signedIn(station, 'mechanic')).client;
    expect((await mechanic.get('/api/warehouse/parts?q=dup')).status).toBe(200);
    expect((await mechanic.post('/api/warehouse/parts', { sku: 'M-1', name: 'Mine' })).status).toBe(403);
    const advisor = (await signedIn(station, 'advisor')).client;
    expect((await advisor.patch(`/api/warehouse/parts/${a.id}`, { name: 'x' })).status).toBe(403);
  });
});
