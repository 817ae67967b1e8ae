import ExcelJS from 'exceljs';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../../support/factories.ts';
import { makeCustomer, uniquePhone, uniqueVin } from '../../support/factories-workshop.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';
import type { ApiClient, ApiResponse } from '../../support/api-client.ts';

let station: TestStation;
beforeAll(async () => {
  station = await startTestStation();
});
afterAll(async () => {
  await station?.close();
});

const upload = (client: ApiClient, fileName: string, body: string | Buffer, type = 'text/csv') =>
  fetch(`${station.baseUrl}/api/crm/imports?fileName=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers: { cookie: client.cookieHeader(), 'content-type': type },
    body,
  }).then(async (res): Promise<ApiResponse> => ({
    status: res.status,
    body: await res.json(),
    headers: res.headers,
  }));

const customersNamed = async (names: string[]) => {
  const [row] = await station.deps.sequelize.query<{ n: string }>(
    `SELECT count(*) AS n FROM customers WHERE name IN (:names)`,
    {
      type: QueryTypes.SELECT,
      replacements: { names },
    },
  );
  return Number(row!.n);
};

describe('customer import', () => {
  it('a CSV with ; and Russian headers: preview, suggested mapping, dry run, then all rows at once', async () => {
    const { client } = await signedIn(station, 'manager');
    const vin = uniqueVin();
    const csv = [
      'ФИО;Телефон;Марка;Модель;VIN;Госномер;Пробег',
      `Анна Иванова;8 (916) 400-11-22;Kia;Rio;${vin};А001АА77;45 000`,
      'ООО Ромашка;+7 495 400-11-23;;;;;',
      '',
      'Пётр Сидоров;8 916 400 11 24;Lada;Vesta;;В002ВВ50;',
    ].join('\r\n');
    const up = await upload(client, 'clients.csv', csv);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      rows: 3,
      headers: ['ФИО', 'Телефон', 'Марка', 'Модель', 'VIN', 'Госномер', 'Пробег'],
      suggestedMapping: {
        name: 'ФИО',
        phone: 'Телефон',
        make: 'Марка',
        vin: 'VIN',
        plate: 'Госномер',
        mileageKm: 'Пробег',
      },
    });
    expect(up.body.preview[0]['ФИО']).toBe('Анна Иванова');
    const mapping = up.body.suggestedMapping;
    const dry = await client.post(`/api/crm/imports/${up.body.id}/run`, { mapping, dryRun: true });
    expect(dry.body).toMatchObject({ dryRun: true, created: 0 });
    expect(dry.body.report.map((r: { row: number; result: string }) => [r.row, r.result])).toEqual([
      [2, 'create'],
      [3, 'create'],
      [5, 'create'],
    ]);
    expect(await customersNamed(['Анна Иванова'])).toBe(0);
    const run = await client.post(`/api/crm/imports/${up.body.id}/run`, { mapping });
    expect(run.body).toMatchObject({ dryRun: false, created: 3, skipped: 0 });
    const search = await client.get('/api/customers?phone=9164001122');
    expect(search.body.items[0]).toMatchObject({ name: 'Анна Иванова', phones: ['+79164001122'] });
    expect(search.body.items[0].vehicles[0]).toMatchObject({ vin, make: 'Kia', plate: 'А001АА77' });
    expect((await client.post(`/api/crm/imports/${up.body.id}/run`, { mapping })).status).toBe(409);
  });

  it('a bad row is a 400 naming its row and column, and nothing of the file is written', async () => {
    const { client } = await signedIn(station, 'manager');
    const csv = [
      'Name,Phone,VIN',
      'Good One,+79164002201,',
      'Bad Phone,12345,',
      'Bad Vin,+79164002203,SHORTVIN',
    ].join('\n');
    const up = await upload(client, 'bad.csv', csv);
    const run = await client.post(`/api/crm/imports/${up.body.id}/run`, {
      mapping: { name: 'Name', phone: 'Phone', vin: 'VIN' },
    });
    expect(run.status).toBe(400);
    expect(run.body.error.message).toMatch(/^row 3, column "Phone"/);
    expect(run.body.error.field).toBe('Phone');
    expect(run.body.error.details.row).toBe(3);
    expect(run.body.error.details.report.map((r: { row: number }) => r.row)).toEqual([3, 4]);
    expect(run.body.error.details.report[1].problems[0]).toMatchObject({ row: 4, column: 'VIN' });
    expect(await customersNamed(['Good One', 'Bad Phone', 'Bad Vin'])).toBe(0);
    const noName = await client.post(`/api/crm/imports/${up.body.id}/run`, { mapping: { phone: 'Phone' } });
    expect(noName.body.error.field).toBe('mapping.name');
    const wrongColumn = await client.post(`/api/crm/imports/${up.body.id}/run`, {
      mapping: { name: 'Surname' },
    });
    expect(wrongColumn.body.error.field).toBe('mapping.name');
    expect(
      (await client.post(`/api/crm/imports/${up.body.id}/run`, { mapping: { nickname: 'Name' } })).status,
    ).toBe(400);
  });

  it('duplicates inside the file and against the database; skipDuplicates skips the ones on file', async () => {
    const { client } = await signedIn(station, 'manager');
    const known = uniquePhone();
    await makeCustomer(station, { phones: [known], name: 'Already Here' });
    const csv = [
      'Name,Phone',
      `Dup In File A,+79164003301`,
      `Dup In File B,8 916 400-33-01`,
      `Known,${known}`,
    ].join('\n');
    const up = await upload(client, 'dups.csv', csv);
    const mapping = { name: 'Name', phone: 'Phone' };
    const run = await client.post(`/api/crm/imports/${up.body.id}/run`, { mapping });
    expect(run.status).toBe(400);
    expect(
      run.body.error.details.report.map((r: { row: number; problems: Array<{ message: string }> }) => [
        r.row,
        r.problems[0]!.message,
      ]),
    ).toEqual([
      [3, '+79164003301 is also on row 2'],
      [4, `${known} belongs to Already Here already`],
    ]);
    const csv2 = ['Name,Phone', `Fresh Person,+79164003399`, `Known Again,${known}`].join('\n');
    const up2 = await upload(client, 'dups2.csv', csv2);
    const skipped = await client.post(`/api/crm/imports/${up2.body.id}/run`, {
      mapping,
      skipDuplicates: true,
    });
    expect(skipped.body).toMatchObject({ created: 1, skipped: 1 });
    expect(await customersNamed(['Fresh Person', 'Known Again'])).toBe(1);
  });

  it('reads the first worksheet of an XLSX', async () => {
    const { client } = await signedIn(station, 'manager');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Clients');
    sheet.addRow(['Customer', 'Mobile', 'Make', 'Year']);
    sheet.addRow(['Xlsx Person', 79164005501, 'Toyota', 2019]);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const up = await upload(
      client,
      'clients.xlsx',
      buffer,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(up.status).toBe(201);
    expect(up.body.suggestedMapping).toMatchObject({
      name: 'Customer',
      phone: 'Mobile',
      make: 'Make',
      year: 'Year',
    });
    const run = await client.post(`/api/crm/imports/${up.body.id}/run`, {
      mapping: up.body.suggestedMapping,
    });
    expect(run.body.created).toBe(1);
    const broken = await upload(client, 'broken.xlsx', Buffer.from('not a zip'), 'application/octet-stream');
    expect(broken.status).toBe(400);
  });

  it('needs crm.write and customers.write; only CSV or XLSX', async () => {
    const storekeeper = await signedIn(station, 'storekeeper');
    expect((await upload(storekeeper.client, 'a.csv', 'Name\nX')).status).toBe(403);
    const { client } = await signedIn(station, 'manager');
    const pdf = await upload(client, 'a.pdf', 'Name\nX');
    expect(pdf.status).toBe(400);
    expect(pdf.body.error.field).toBe('fileName');
    expect((await upload(client, 'empty.csv', '')).status).toBe(400);
  });
});
