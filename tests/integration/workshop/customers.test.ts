import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../../support/factories.ts';
import { makeCustomer, makeVehicle, uniquePhone, uniqueVin } from '../../support/factories-workshop.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';
import { ApiClient } from '../../support/api-client.ts';

let station: TestStation;
beforeAll(async () => {
  station = await startTestStation();
});
afterAll(async () => {
  await station?.close();
});

describe('customers', () => {
  it('creates an individual with phones normalised in the station region, an e-mail and consents', async () => {
    const { client, user } = await signedIn(station, 'advisor');
    const res = await client.post('/api/customers', {
      name: 'Иван Петров',
      phones: [{ number: '8 (916) 555-12-34', label: 'mobile' }, { number: '+44 20 7946 0958' }],
      email: 'Ivan.Petrov@Example.com',
      consents: { smsMarketing: true },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'individual',
      name: 'Иван Петров',
      email: 'ivan.petrov@example.com',
      ownerId: user.id,
      consents: { sms: { service: true, marketing: true }, email: { service: true, marketing: false } },
    });
    expect(res.body.phones.map((p: { e164: string }) => p.e164)).toEqual(['+79165551234', '+442079460958']);
    expect(res.body.phones[0]).toMatchObject({ label: 'mobile', isPrimary: true });
    const got = await client.get(`/api/customers/${res.body.id}`);
    expect(got.body.name).toBe('Иван Петров');
  });

  it('creates a company with contact persons and their phones, and a car inline', async () => {
    const { client } = await signedIn(station, 'advisor');
    const vin = uniqueVin();
    const res = await client.post('/api/customers', {
      kind: 'company',
      name: 'ООО «Ромашка»',
      taxId: '7701234567',
      contacts: [
        { name: 'Ольга Смирнова', role: 'fleet manager', phones: [{ number: '+7 925 111 22 33' }] },
        { name: 'Пётр Иванов', email: 'petr@romashka.ru' },
      ],
      vehicles: [
        {
          vin: vin.toLowerCase(),
          plate: 'а 123 вс 77',
          make: 'Škoda',
          model: 'Octavia',
          year: 2021,
          mileageKm: 45_000,
        },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.contacts).toHaveLength(2);
    expect(res.body.contacts[0].phones[0].e164).toBe('+79251112233');
    expect(res.body.phones).toEqual([]);
    expect(res.body.vehicles[0]).toMatchObject({ vin, plate: 'А 123 ВС 77', make: 'Škoda' });
  });

  it('refuses bad input naming the field', async () => {
    const { client } = await signedIn(station, 'advisor');
    const cases: Array<[unknown, string]> = [
      [{ name: '' }, 'name'],
      [{ name: 'X', phones: [{ number: '12345' }] }, 'phones.0.number'],
      [{ name: 'X', email: 'not-an-email' }, 'email'],
      [{ name: 'X', kind: 'alien' }, 'kind'],
      [{ name: 'X', vehicles: [{ vin: '1M8GDM9A1KP042788' }] }, 'vehicles.0.vin'],
      [{ name: 'X', vehicles: [{ vin: 'WVWZZZ1JZXW00000O' }] }, 'vehicles.0.vin'],
      [{ name: 'X', surprise: 1 }, 'surprise'],
    ];
    for (const [body, field] of cases) {
      const res = await client.post('/api/customers', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.field).toBe(field);
    }
    const twice = await client.post('/api/customers', {
      name: 'X',
      phones: [{ number: '+79161112233' }, { number: '8 916 111 22 33' }],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.field).toBe('phones.1.number');
  });

  it('detects duplicates by phone or VIN with the candidates; force creates anyway', async () => {
    const { client } = await signedIn(station, 'advisor');
    const phone = uniquePhone();
    const existing = await makeCustomer(station, { name: 'Existing Person', phones: [phone] });
    const vin = uniqueVin();
    await makeVehicle(station, existing.id, { vin });
    const byPhone = await client.post('/api/customers', {
      name: 'Same Phone',
      phones: [{ number: phone.replace('+7', '8') }],
    });
    expect(byPhone.status).toBe(409);
    expect(byPhone.body.error.details.duplicates).toEqual([
      expect.objectContaining({
        customer: expect.objectContaining({ id: existing.id, name: 'Existing Person' }),
        matches: [`phone:${phone}`],
      }),
    ]);
    const byVin = await client.post('/api/customers', { name: 'Same Car', vehicles: [{ vin }] });
    expect(byVin.status).toBe(409);
    expect(byVin.body.error.details.duplicates[0].matches).toEqual([`vin:${vin}`]);
    const forced = await client.post('/api/customers', {
      name: 'Same Phone',
      phones: [{ number: phone }],
      force: true,
    });
    expect(forced.status).toBe(201);
  });

  it('searches by name (either alphabet, any case), phone fragment, plate in either alphabet and VIN fragment', async () => {
    const { client } = await signedIn(station, 'manager');
    const res = await client.post('/api/customers', {
      name: 'Анна Кузнецова-Searchable',
      phones: [{ number: '+7 903 777 41 29' }],
      vehicles: [{ vin: 'XTA21099077654321', plate: 'Х777ХХ199', make: 'Lada' }],
    });
    expect(res.status).toBe(201);
    const id = res.body.id;
    const find = async (query: string) =>
      (await client.get(`/api/customers?${query}`)).body.items.map((c: { id: string }) => c.id);
    expect(await find('name=кузнецова')).toContain(id);
    expect(await find('name=KUZNECOVA')).toContain(id);
    expect(await find('phone=7741')).toContain(id);
    expect(await find(`phone=${encodeURIComponent('903 777')}`)).toContain(id);
    expect(await find('plate=x777')).toContain(id);
    expect(await find(`plate=${encodeURIComponent('х 777 хх')}`)).toContain(id);
    expect(await find('vin=77654321')).toContain(id);
    expect(await find(`q=${encodeURIComponent('Анна')}`)).toContain(id);
    expect(await find('q=7774129')).toContain(id);
    expect(await find('q=X777XX')).toContain(id);
    expect(await find('name=nobody-has-this-name')).toEqual([]);
    const combined = await find(`name=anna&phone=7741`);
    expect(combined).toEqual([id]);
    const search = await client.get('/api/customers?phone=7741');
    expect(search.body.items[0]).toMatchObject({
      phones: ['+79037774129'],
      vehicles: [expect.objectContaining({ plate: 'Х777ХХ199' })],
    });
    const short = await client.get('/api/customers?phone=12');
    expect(short.status).toBe(400);
    expect(short.body.error.field).toBe('phone');
  });

  it('updates fields and phones, consents and contacts with an audit trail', async () => {
    const { client } = await signedIn(station, 'manager');
    const c = await makeCustomer(station, { name: 'Old Name' });
    const patched = await client.patch(`/api/customers/${c.id}`, {
      name: 'New Name',
      phones: [{ number: '+7 926 000 11 22' }],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.name).toBe('New Name');
    expect(patched.body.phones.map((p: { e164: string }) => p.e164)).toEqual(['+79260001122']);
    const consents = await client.put(`/api/customers/${c.id}/consents`, {
      smsMarketing: true,
      emailService: false,
    });
    expect(consents.body.consents).toMatchObject({ sms: { marketing: true }, email: { service: false } });
    expect(consents.body.consents.updatedAt).not.toBeNull();
    const contact = await client.post(`/api/customers/${c.id}/contacts`, {
      name: 'Driver',
      phones: [{ number: '+79261234000' }],
    });
    expect(contact.status).toBe(201);
    const contactId = contact.body.contacts[0].id;
    const renamed = await client.patch(`/api/customers/${c.id}/contacts/${contactId}`, { role: 'driver' });
    expect(renamed.body.contacts[0].role).toBe('driver');
    const removed = await client.delete(`/api/customers/${c.id}/contacts/${contactId}`);
    expect(removed.body.contacts).toEqual([]);
    expect((await client.delete(`/api/customers/${c.id}/contacts/${contactId}`)).status).toBe(404);
    const audit = await client.get(`/api/audit?entityType=customer&entityId=${c.id}`);
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining([
        'customer.created',
        'customer.updated',
        'customer.consents_changed',
        'customer.contact_added',
        'customer.contact_removed',
      ]),
    );
    expect((await client.patch(`/api/customers/${c.id}`, {})).status).toBe(400);
    expect(
      (await client.patch('/api/customers/00000000-0000-4000-8000-000000000000', { name: 'x' })).status,
    ).toBe(404);
  });

  it('needs a session and the right permissions', async () => {
    const anonymous = new ApiClient(station.baseUrl);
    expect((await anonymous.get('/api/customers')).status).toBe(401);
    const mechanic = await signedIn(station, 'mechanic');
    expect((await mechanic.client.get('/api/customers')).status).toBe(403);
    const storekeeper = await signedIn(station, 'storekeeper');
    expect((await storekeeper.client.get('/api/customers')).status).toBe(200);
    expect((await storekeeper.client.post('/api/customers', { name: 'Nope' })).status).toBe(403);
  });

  it('scope "own": a user sees only their own customers; another’s is 403', async () => {
    const mine = await signedIn(station, 'advisor', { scope: 'own' });
    const other = await signedIn(station, 'advisor');
    const theirs = await makeCustomer(station, { name: 'Scoped Theirs', ownerId: other.user.id });
    const own = await mine.client.post('/api/customers', {
      name: 'Scoped Mine',
      phones: [{ number: uniquePhone() }],
    });
    expect(own.body.ownerId).toBe(mine.user.id);
    expect((await mine.client.get(`/api/customers/${theirs.id}`)).status).toBe(403);
    expect((await mine.client.patch(`/api/customers/${theirs.id}`, { name: 'hijack' })).status).toBe(403);
    expect((await mine.client.get(`/api/customers/${theirs.id}/card`)).status).toBe(403);
    const list = await mine.client.get('/api/customers?name=scoped');
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([own.body.id]);
    const givesAway = await mine.client.post('/api/customers', { name: 'Gift', ownerId: other.user.id });
    expect(givesAway.status).toBe(403);
    expect((await other.client.get(`/api/customers/${own.body.id}`)).status).toBe(200);
  });
});
