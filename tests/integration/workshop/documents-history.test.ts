import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLift, makeMechanic, signedIn } from '../../support/factories.ts';
import { makeCustomer, makeVehicle } from '../../support/factories-workshop.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
beforeAll(async () => {
  station = await startTestStation();
});
afterAll(async () => {
  await station?.close();
});

async function pdfText(body: ArrayBuffer | Uint8Array): Promise<{ text: string; pages: number }> {
  const pdf = await getDocumentProxy(new Uint8Array(body));
  const { text, totalPages } = await extractText(pdf, { mergePages: true });
  return { text: text.replace(/\s+/g, ' '), pages: totalPages };
}

async function fetchPdf(client: { cookieHeader(): string; baseUrl: string }, url: string) {
  const res = await fetch(client.baseUrl + url, { headers: { cookie: client.cookieHeader() } });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    body: new Uint8Array(await res.arrayBuffer()),
  };
}

/** A full visit: a customer with a car, an order with labour, parts, a declined recommendation and a payment. */
async function visit() {
  const manager = await signedIn(station, 'manager');
  await manager.client.patch('/api/station', {
    name: 'Автосервис «Питвол»',
    legalName: 'ООО «Питвол»',
    address: 'Москва, ул. Гаражная, 12',
    taxId: '7701234567',
    taxRateBp: 2200,
    pricesIncludeTax: true,
  });
  const { client } = await signedIn(station, 'advisor');
  const customer = await makeCustomer(station, { name: 'Сергей Смирнов' });
  const car = await makeVehicle(station, customer.id, { make: 'Лада', model: 'Веста', plate: 'А123ВС77' });
  const order = await client.post('/api/orders', {
    customerId: customer.id,
    vehicleId: car.id,
    mileageKm: 61_500,
    complaint: 'Стук в подвеске спереди',
  });
  const { staff: mechanic } = await makeMechanic(station, { name: 'Иван Петров' });
  await client.post(`/api/orders/${order.body.id}/jobs`, {
    name: 'Замена передних тормозных колодок',
    normHours: 1.2,
    pricing: 'hourly',
    ratePerHourMinor: 250_000,
    mechanicIds: [mechanic.id],
  });
  await client.post(`/api/orders/${order.body.id}/parts`, {
    name: 'Колодки тормозные передние',
    sku: 'BP-2190',
    quantity: 1,
    unitPriceMinor: 320_000,
  });
  await client.post(`/api/orders/${order.body.id}/jobs`, {
    name: 'Замена салонного фильтра',
    normHours: 0.3,
    pricing: 'fixed',
    fixedPriceMinor: 60_000,
    recommended: true,
  });
  return { client, customer, car, order: order.body, mechanic };
}

describe('documents', () => {
  it('renders the four documents as valid PDFs with Cyrillic text, the order number and the station’s details', async () => {
    const { client, order } = await visit();
    const outDir = path.resolve(import.meta.dirname, '../../../.tmp/documents');
    mkdirSync(outDir, { recursive: true });
    const expectations: Record<string, string[]> = {
      estimate: ['Предварительная смета', 'Замена салонного фильтра', 'Рекомендованные работы'],
      'repair-order': ['Заказ-наряд', 'Иван Петров', 'Стук в подвеске спереди', 'Исполнители'],
      invoice: ['Счёт на оплату', 'К оплате'],
      act: ['Акт выполненных работ', 'претензий'],
    };
    for (const [kind, phrases] of Object.entries(expectations)) {
      const pdf = await fetchPdf(client, `/api/orders/${order.id}/documents/${kind}.pdf?lang=ru`);
      expect(pdf.status, kind).toBe(200);
      expect(pdf.type).toBe('application/pdf');
      expect(pdf.disposition).toContain(`${order.number}-${kind}.pdf`);
      expect(Buffer.from(pdf.body.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
      writeFileSync(path.join(outDir, `${kind}-ru.pdf`), pdf.body);
      const { text, pages } = await pdfText(pdf.body);
      expect(pages).toBeGreaterThanOrEqual(1);
      for (const phrase of [
        order.number,
        'ООО «Питвол»',
        'Сергей Смирнов',
        'А123ВС77',
        'Колодки тормозные передние',
        'в т.ч. НДС 22 %',
        ...phrases,
      ]) {
        expect(text, `${kind}: ${phrase}`).toContain(phrase);
      }
    }
  });

  it('speaks English with lang=en and refuses unknown kinds and languages', async () => {
    const { client, order } = await visit();
    const pdf = await fetchPdf(client, `/api/orders/${order.id}/documents/invoice.pdf?lang=en`);
    const { text } = await pdfText(pdf.body);
    expect(text).toContain('Invoice');
    expect(text).toContain('Amount due');
    expect(text).toContain('Замена передних тормозных колодок');
    expect((await client.get(`/api/orders/${order.id}/documents/receipt.pdf`)).status).toBe(400);
    expect((await client.get(`/api/orders/${order.id}/documents/invoice.pdf?lang=de`)).body.error.field).toBe(
      'lang',
    );
    expect(
      (await client.get(`/api/orders/00000000-0000-4000-8000-000000000000/documents/invoice.pdf`)).status,
    ).toBe(404);
  });

  it('a long order flows onto more pages', async () => {
    const { client, order } = await visit();
    for (let i = 0; i < 45; i++)
      await client.post(`/api/orders/${order.id}/parts`, {
        name: `Деталь номер ${i + 1} с длинным названием для переноса строки`,
        quantity: 1,
        unitPriceMinor: 1000 + i,
      });
    const pdf = await fetchPdf(client, `/api/orders/${order.id}/documents/repair-order.pdf?lang=ru`);
    const { text, pages } = await pdfText(pdf.body);
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain('Деталь номер 45');
    expect(text).toContain(`Страница ${pages} из ${pages}`);
  });
});

describe('history cards', () => {
  it('the customer and vehicle cards hold visits, orders, payments, debts, declined work and recommendations, newest first and paginated', async () => {
    const { client, customer, car, order } = await visit();
    const lift = await makeLift(station);
    const booking = await client.post('/api/appointments', {
      liftId: lift.id,
      startsAt: '2030-02-01T08:00:00Z',
      endsAt: '2030-02-01T09:00:00Z',
      orderId: order.id,
    });
    await client.post(`/api/appointments/${booking.body.appointment.id}/arrive`, {});
    const second = await client.post('/api/orders', {
      customerId: customer.id,
      vehicleId: car.id,
      complaint: 'Second visit',
    });
    await client.post(`/api/orders/${second.body.id}/parts`, {
      name: 'Wiper blade',
      quantity: 2,
      unitPriceMinor: 50_000,
      recommended: true,
    });
    const full = await client.get(`/api/orders/${order.id}`);
    const filter = full.body.jobs.find((j: { recommended: boolean }) => j.recommended);
    await client.post(`/api/orders/${order.id}/decisions`, {
      decisions: [{ lineId: filter.id, decision: 'declined' }],
      via: 'in_person',
    });
    await client.post(`/api/orders/${order.id}/payments`, { method: 'cash', amountMinor: 100_000 });
    for (const to of ['approved', 'in_work', 'done', 'handed_over'])
      await client.post(`/api/orders/${order.id}/transitions`, { to });

    const card = await client.get(`/api/customers/${customer.id}/card?limit=1`);
    expect(card.status).toBe(200);
    expect(card.body.customer.id).toBe(customer.id);
    expect(card.body.orders).toMatchObject({ total: 2, limit: 1, offset: 0 });
    expect(card.body.orders.items[0].id).toBe(second.body.id);
    const total = full.body.totals.totalMinor;
    expect(card.body.summary).toMatchObject({
      ordersCount: 2,
      debtMinor: total - 100_000,
      spentMinor: total,
    });
    expect(card.body.payments.items[0]).toMatchObject({ amountMinor: 100_000, orderNumber: order.number });
    expect(card.body.visits.items[0]).toMatchObject({
      appointmentId: booking.body.appointment.id,
      status: 'arrived',
      orderNumber: order.number,
    });
    expect(card.body.declined.items[0]).toMatchObject({
      name: 'Замена салонного фильтра',
      decision: 'declined',
      decidedVia: 'in_person',
    });
    expect(card.body.recommendations.items[0]).toMatchObject({
      name: 'Wiper blade',
      decision: 'pending',
      amountMinor: 100_000,
    });
    const page2 = await client.get(`/api/customers/${customer.id}/history/orders?offset=1&limit=1`);
    expect(page2.body.items[0].id).toBe(order.id);
    expect((await client.get(`/api/customers/${customer.id}/history/gossip`)).status).toBe(400);

    const vcard = await client.get(`/api/vehicles/${car.id}/card`);
    expect(vcard.body.vehicle.id).toBe(car.id);
    expect(vcard.body.owners[0]).toMatchObject({ customerId: customer.id, endedAt: null });
    expect(vcard.body.mileage[0]).toMatchObject({ km: 61_500, source: 'intake', orderId: order.id });
    expect(vcard.body.orders.items.map((o: { id: string }) => o.id)).toEqual([second.body.id, order.id]);
    expect(vcard.body.summary.debtMinor).toBe(total - 100_000);
    expect((await client.get(`/api/vehicles/${car.id}/history/declined`)).body.items).toHaveLength(1);
    expect((await client.get('/api/vehicles/00000000-0000-4000-8000-000000000000/card')).status).toBe(404);
  });
});
