import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../support/api-client.ts';
import { signedIn } from '../../support/factories.ts';
import { makeLocation, makePart } from '../../support/factories-warehouse.ts';
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

/** Uploads a file as the raw request body, as the desk does with fetch(url, { body: file }). */
async function upload(
  client: ApiClient,
  kind: 'catalogue' | 'stock',
  fileName: string,
  body: string | Buffer,
  contentType: string,
) {
  const res = await fetch(
    `${client.baseUrl}/api/warehouse/imports?kind=${kind}&fileName=${encodeURIComponent(fileName)}`,
    {
      method: 'POST',
      headers: { cookie: client.cookieHeader(), 'content-type': contentType },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    },
  );
  return { status: res.status, body: (await res.json()) as any };
}

async function finished(client: ApiClient, id: string) {
  for (let i = 0; i < 200; i++) {
    const res = await client.get(`/api/warehouse/imports/${id}`);
    if (['completed', 'rejected', 'failed'].includes(res.body.status)) return res.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the import did not finish');
}

const CATALOGUE_CSV = [
  'Артикул;Наименование;Бренд;Номер;OEM;Аналоги;Ед.;Цена;Себестоимость;Штрихкод',
  'IMP-OC-001;Фильтр масляный;MANN-FILTER;W 914/2;VAG:06A115561B;MAHLE:OC 456|BOSCH:0451103318;шт;890,00;520;4011558738007',
  'IMP-SP-002;Свеча зажигания;NGK;BKR6E-11;VAG:101000033AA;;шт;450;300;',
  '"IMP-OIL-003";"Масло моторное 5W-30, 1 л";SHELL;550046387;;;л;"1 150,00";800;',
].join('\r\n');

describe('catalogue import', () => {
  it('previews a CSV with a guessed mapping, imports it in one go and makes every number searchable', async () => {
    const up = await upload(keeper, 'catalogue', 'catalogue.csv', '\ufeff' + CATALOGUE_CSV, 'text/csv');
    expect(up.status).toBe(201);
    expect(up.body.job).toMatchObject({ kind: 'catalogue', format: 'csv', status: 'uploaded' });
    expect(up.body.columns).toEqual([
      'Артикул',
      'Наименование',
      'Бренд',
      'Номер',
      'OEM',
      'Аналоги',
      'Ед.',
      'Цена',
      'Себестоимость',
      'Штрихкод',
    ]);
    expect(up.body.rows).toHaveLength(3);
    expect(up.body.rows[2]['Наименование']).toBe('Масло моторное 5W-30, 1 л');
    expect(up.body.suggestedMapping).toMatchObject({
      sku: 'Артикул',
      name: 'Наименование',
      brand: 'Бренд',
      article: 'Номер',
      oem: 'OEM',
      analogues: 'Аналоги',
      unit: 'Ед.',
      salePrice: 'Цена',
      cost: 'Себестоимость',
      barcode: 'Штрихкод',
    });

    const started = await keeper.post(`/api/warehouse/imports/${up.body.job.id}/start`, {
      mapping: up.body.suggestedMapping,
    });
    expect(started.status).toBe(202);
    const job = await finished(keeper, up.body.job.id);
    expect(job).toMatchObject({
      status: 'completed',
      percent: 100,
      rowsRead: 3,
      rowsWritten: 3,
      errorCount: 0,
    });
    expect(job.summary).toMatchObject({ partsCreated: 3, partsUpdated: 0, crossReferencesAdded: 2 });

    const hit = (await keeper.get('/api/warehouse/parts?q=06a-115-561-b')).body[0];
    expect(hit.part).toMatchObject({
      sku: 'IMP-OC-001',
      name: 'Фильтр масляный',
      salePrice: 89_000,
      cost: 52_000,
      barcode: '4011558738007',
    });
    expect((await keeper.get('/api/warehouse/parts?q=bkr6e11')).body[0].part.sku).toBe('IMP-SP-002');
    expect((await keeper.get('/api/warehouse/parts?q=IMP-OIL-003')).body[0].part).toMatchObject({
      unit: 'l',
      salePrice: 115_000,
    });

    // Importing the same file again updates the parts instead of duplicating them.
    const again = await upload(
      keeper,
      'catalogue',
      'catalogue.csv',
      CATALOGUE_CSV.replace('890,00', '990,00'),
      'text/csv',
    );
    await keeper.post(`/api/warehouse/imports/${again.body.job.id}/start`, {
      mapping: again.body.suggestedMapping,
    });
    const second = await finished(keeper, again.body.job.id);
    expect(second.summary).toMatchObject({ partsCreated: 0, partsUpdated: 3, crossReferencesAdded: 0 });
    expect((await keeper.get('/api/warehouse/parts?q=IMP-OC-001')).body[0].part.salePrice).toBe(99_000);
  });

  it('reports a malformed row with its row and column and imports nothing', async () => {
    const existing = await makePart(station, { barcode: '4600000000001' });
    const csv = [
      'SKU,Name,Price,Unit,Barcode',
      'BAD-001,Good part,100.00,pcs,',
      'BAD-002,,12.345,pcs,',
      'BAD-003,Odd unit,5,bucket,',
      'BAD-001,Duplicate SKU,1,pcs,',
      `BAD-004,Stolen barcode,1,pcs,4600000000001`,
    ].join('\n');
    const up = await upload(keeper, 'catalogue', 'bad.csv', csv, 'text/csv');
    await keeper.post(`/api/warehouse/imports/${up.body.job.id}/start`, {
      mapping: up.body.suggestedMapping,
    });
    const job = await finished(keeper, up.body.job.id);
    expect(job.status).toBe('rejected');
    expect(job.errors).toEqual([
      { row: 3, column: 'Name', message: 'the name is empty' },
      { row: 3, column: 'Price', message: '"12.345" is not an amount (like 1250.50)' },
      { row: 4, column: 'Unit', message: expect.stringContaining('unknown unit "bucket"') },
      { row: 5, column: 'SKU', message: 'the SKU BAD-001 is already on row 2' },
      { row: 6, column: 'Barcode', message: `the barcode is already on part ${existing.sku}` },
    ]);
    expect(job.errorCount).toBe(5);
    expect(job.message).toMatch(/nothing was imported/);
    expect((await keeper.get('/api/warehouse/parts?q=BAD-001')).body).toEqual([]);
    const page = await keeper.get(`/api/warehouse/imports/${up.body.job.id}/errors?limit=2&offset=1`);
    expect(page.body).toMatchObject({ total: 5, offset: 1 });
    expect(page.body.items.map((e: { row: number }) => e.row)).toEqual([3, 4]);
  });

  it('refuses bad uploads, bad mappings and the wrong roles', async () => {
    expect((await upload(keeper, 'catalogue', 'notes.pdf', 'x', 'application/pdf')).body.error.field).toBe(
      'fileName',
    );
    expect(
      (await upload(keeper, 'catalogue', 'broken.xlsx', 'this is not a zip', 'application/octet-stream'))
        .status,
    ).toBe(400);
    expect((await upload(keeper, 'catalogue', 'empty.csv', '', 'text/csv')).status).toBe(400);
    const bad = await fetch(`${keeper.baseUrl}/api/warehouse/imports?kind=furniture&fileName=a.csv`, {
      method: 'POST',
      headers: { cookie: keeper.cookieHeader(), 'content-type': 'text/csv' },
      body: 'a',
    });
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('kind');
    const up = await upload(keeper, 'catalogue', 'c.csv', 'SKU,Name\nA,B\n', 'text/csv');
    const noName = await keeper.post(`/api/warehouse/imports/${up.body.job.id}/start`, {
      mapping: { sku: 'SKU' },
    });
    expect(noName.status).toBe(400);
    expect(noName.body.error.field).toBe('mapping.name');
    const wrongColumn = await keeper.post(`/api/warehouse/imports/${up.body.job.id}/start`, {
      mapping: { sku: 'SKU', name: 'Title' },
    });
    expect(wrongColumn.body.error.field).toBe('mapping.name');
    expect(
      (
        await keeper.post('/api/warehouse/imports/00000000-0000-4000-8000-000000000000/start', {
          mapping: {},
        })
      ).status,
    ).toBe(404);

    const mechanic = (await signedIn(station, 'mechanic')).client;
    expect((await upload(mechanic, 'catalogue', 'c.csv', 'SKU,Name\nA,B\n', 'text/csv')).status).toBe(403);
    const advisor = (await signedIn(station, 'advisor')).client;
    expect((await advisor.get(`/api/warehouse/imports/${up.body.job.id}`)).status).toBe(403);

    await keeper.post(`/api/warehouse/imports/${up.body.job.id}/start`, {
      mapping: { sku: 'SKU', name: 'Name' },
    });
    await finished(keeper, up.body.job.id);
    expect(
      (
        await keeper.post(`/api/warehouse/imports/${up.body.job.id}/start`, {
          mapping: { sku: 'SKU', name: 'Name' },
        })
      ).status,
    ).toBe(409);
  });
});

describe('opening stock import', () => {
  async function xlsx(rows: unknown[][]): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Stock');
    for (const row of rows) sheet.addRow(row);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  it('imports opening stock from XLSX with costs and min/max, then refuses a second opening for the same shelf', async () => {
    const location = await makeLocation(station, { code: 'OPEN-A1' });
    const pads = await makePart(station, { sku: 'OPEN-PADS', cost: 0 });
    const oil = await makePart(station, { sku: 'OPEN-OIL', unit: 'l', cost: 0 });
    const file = await xlsx([
      ['SKU', 'Location', 'Qty', 'Cost', 'Min', 'Max'],
      ['OPEN-PADS', 'open-a1', 4, 2500.5, 2, 8],
      ['open pads', 'OPEN-A1', 1, 1, null, null],
      ['OPEN-OIL', 'OPEN-A1', 20.5, { formula: '790+0', result: 790 }, null, null],
    ]);
    const up = await upload(
      keeper,
      'stock',
      'stock.xlsx',
      file,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(up.status).toBe(201);
    expect(up.body.suggestedMapping).toEqual({
      sku: 'SKU',
      location: 'Location',
      quantity: 'Qty',
      unitCost: 'Cost',
      min: 'Min',
      max: 'Max',
    });
    await keeper.post(`/api/warehouse/imports/${up.body.job.id}/start`, {
      mapping: up.body.suggestedMapping,
    });
    const rejected = await finished(keeper, up.body.job.id);
    // The same part twice at one location (SKU typed differently) is caught before anything is written.
    expect(rejected.errors).toEqual([
      { row: 3, column: 'SKU', message: 'open pads at OPEN-A1 is already on row 2' },
    ]);
    expect((await keeper.get(`/api/warehouse/parts/${pads.id}/stock`)).body.onHand).toBe(0);

    const fixed = await xlsx([
      ['SKU', 'Location', 'Qty', 'Cost', 'Min', 'Max'],
      ['OPEN-PADS', 'open-a1', 4, 2500.5, 2, 8],
      ['OPEN-OIL', 'OPEN-A1', 20.5, { formula: '790+0', result: 790 }, null, null],
    ]);
    const up2 = await upload(
      keeper,
      'stock',
      'stock.xlsx',
      fixed,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    await keeper.post(`/api/warehouse/imports/${up2.body.job.id}/start`, {
      mapping: up2.body.suggestedMapping,
    });
    const done = await finished(keeper, up2.body.job.id);
    expect(done).toMatchObject({ status: 'completed', summary: { movements: 2, parts: 2, limitsSet: 1 } });
    expect((await keeper.get(`/api/warehouse/parts/${pads.id}`)).body).toMatchObject({
      cost: 250_050,
      stock: { onHand: 4 },
    });
    expect((await keeper.get(`/api/warehouse/parts/${pads.id}`)).body.locations[0]).toMatchObject({
      locationId: location.id,
      min: 2,
      max: 8,
    });
    expect((await keeper.get(`/api/warehouse/parts/${oil.id}`)).body).toMatchObject({
      cost: 79_000,
      stock: { onHand: 20.5 },
    });
    expect((await keeper.get(`/api/warehouse/parts/${oil.id}/ledger`)).body.items[0]).toMatchObject({
      kind: 'opening',
      quantity: 20.5,
      documentType: 'import',
    });

    const up3 = await upload(
      keeper,
      'stock',
      'stock.xlsx',
      fixed,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    await keeper.post(`/api/warehouse/imports/${up3.body.job.id}/start`, {
      mapping: up3.body.suggestedMapping,
    });
    const twice = await finished(keeper, up3.body.job.id);
    expect(twice.status).toBe('rejected');
    expect(twice.errors[0]).toMatchObject({
      row: 2,
      column: 'Qty',
      message: expect.stringContaining('already has stock movements'),
    });
    expect((await keeper.get(`/api/warehouse/parts/${pads.id}/stock`)).body.onHand).toBe(4);
  });

  it('names unknown SKUs and locations; a mechanic may not import stock', async () => {
    const up = await upload(
      keeper,
      'stock',
      'stock.csv',
      'SKU,Location,Qty\nNO-SUCH-SKU,NOWHERE,1\n',
      'text/csv',
    );
    await keeper.post(`/api/warehouse/imports/${up.body.job.id}/start`, {
      mapping: up.body.suggestedMapping,
    });
    const job = await finished(keeper, up.body.job.id);
    expect(job.errors).toEqual([
      { row: 2, column: 'SKU', message: 'no part has the SKU NO-SUCH-SKU: import the catalogue first' },
      { row: 2, column: 'Location', message: 'no stock location has the code NOWHERE' },
    ]);
    const mechanic = (await signedIn(station, 'mechanic')).client;
    expect(
      (await upload(mechanic, 'stock', 'stock.csv', 'SKU,Location,Qty\nA,B,1\n', 'text/csv')).status,
    ).toBe(403);
  });
});
