import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../support/api-client.ts';
import { signedIn } from '../../support/factories.ts';
import { makeChannel, makeLeadForm } from '../../support/factories-crm.ts';
import { makeCustomer, makeVehicle, uniquePhone } from '../../support/factories-workshop.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
beforeAll(async () => {
  station = await startTestStation();
});
afterAll(async () => {
  await station?.close();
});

const count = async (sql: string, replacements: Record<string, unknown> = {}) => {
  const [row] = await station.deps.sequelize.query<{ n: string }>(sql, {
    type: QueryTypes.SELECT,
    replacements,
  });
  return Number(row!.n);
};

describe('the public website form', () => {
  it('answers CORS preflight for the form’s origin only', async () => {
    const form = await makeLeadForm(station, { allowedOrigins: ['https://carservice.example'] });
    const site = new ApiClient(station.baseUrl);
    const ok = await site.request('OPTIONS', `/api/public/leads/${form.key}`, undefined, {
      origin: 'https://carservice.example',
      'access-control-request-method': 'POST',
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://carservice.example');
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/content-type/i);
    const other = await site.request('OPTIONS', `/api/public/leads/${form.key}`, undefined, {
      origin: 'https://evil.example',
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect((await site.post(`/api/public/leads/${'x'.repeat(32)}`, { phone: uniquePhone() })).status).toBe(
      404,
    );
    expect((await site.post('/api/public/leads/short', { phone: uniquePhone() })).status).toBe(404);
  });

  it('takes JSON and ordinary urlencoded forms; a filled honeypot stores nothing; a bad phone is a 400', async () => {
    const channel = await makeChannel(station);
    const form = await makeLeadForm(station, { channelId: channel.id });
    const site = new ApiClient(station.baseUrl);
    const before = await count(`SELECT count(*) AS n FROM leads WHERE form_id = :id`, { id: form.id });
    expect(
      (
        await site.post(`/api/public/leads/${form.key}`, {
          name: 'Bot',
          phone: uniquePhone(),
          website: 'http://spam',
        })
      ).status,
    ).toBe(202);
    expect(await count(`SELECT count(*) AS n FROM leads WHERE form_id = :id`, { id: form.id })).toBe(before);

    const encoded = await site.request(
      'POST',
      `/api/public/leads/${form.key}`,
      'name=%D0%98%D0%B2%D0%B0%D0%BD&phone=8+916+111-22-33&utm_source=yandex&comment=ABS+light',
      { 'content-type': 'application/x-www-form-urlencoded' },
    );
    expect(encoded.status).toBe(202);
    const [lead] = await station.deps.sequelize.query<{
      name: string;
      phone_e164: string;
      message: string;
      utm: object;
      channel_id: string;
    }>(`SELECT name, phone_e164, message, utm, channel_id FROM leads WHERE form_id = :id`, {
      type: QueryTypes.SELECT,
      replacements: { id: form.id },
    });
    expect(lead).toEqual({
      name: 'Иван',
      phone_e164: '+79161112233',
      message: 'ABS light',
      utm: { utm_source: 'yandex' },
      channel_id: channel.id,
    });

    const bad = await site.post(`/api/public/leads/${form.key}`, { name: 'X', phone: '12' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('phone');
    const empty = await site.post(`/api/public/leads/${form.key}`, { name: 'X' });
    expect(empty.body.error.field).toBe('phone');
  });

  it('limits the rate per client address and form', async () => {
    const { client } = await signedIn(station, 'owner');
    await client.patch('/api/crm/settings', { leadRateLimitPerMinute: 3 });
    const form = await makeLeadForm(station);
    const site = new ApiClient(station.baseUrl);
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await site.post(`/api/public/leads/${form.key}`, { phone: uniquePhone() })).status);
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
    await client.patch('/api/crm/settings', { leadRateLimitPerMinute: 100 });
  });
});

describe('the leads inbox', () => {
  it('a phone lead from a known number is matched to the customer and converts into their deal without a new customer', async () => {
    const { client, user } = await signedIn(station, 'advisor');
    const phone = uniquePhone();
    const customer = await makeCustomer(station, { phones: [phone], ownerId: user.id });
    const vehicle = await makeVehicle(station, customer.id, { plate: 'А777АА77' });
    const created = await client.post('/api/crm/leads', {
      source: 'phone',
      name: 'Returning',
      phone,
      plate: 'a777aa 77',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'new', customer: { id: customer.id }, phone });
    const converted = await client.post(`/api/crm/leads/${created.body.id}/convert`, {});
    expect(converted.status).toBe(201);
    expect(converted.body).toMatchObject({
      customerCreated: false,
      lead: { status: 'converted', dealId: converted.body.deal.id },
      deal: { customer: { id: customer.id }, vehicle: { id: vehicle.id } },
    });
    const again = await client.post(`/api/crm/leads/${created.body.id}/convert`, {});
    expect(again.status).toBe(409);
  });

  it('several customers with the phone: 409 with the candidates, then the chosen one', async () => {
    const { client } = await signedIn(station, 'manager');
    const phone = uniquePhone();
    const a = await makeCustomer(station, { phones: [phone], name: 'Alpha' });
    await makeCustomer(station, { phones: [phone], name: 'Beta' });
    const lead = await client.post('/api/crm/leads', { source: 'walk_in', phone });
    const refused = await client.post(`/api/crm/leads/${lead.body.id}/convert`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.duplicates.map((d: { name: string }) => d.name)).toEqual([
      'Alpha',
      'Beta',
    ]);
    const chosen = await client.post(`/api/crm/leads/${lead.body.id}/convert`, { customerId: a.id });
    expect(chosen.body.deal.customer.id).toBe(a.id);
  });

  it('dismisses with a reason and cancels the lead’s open tasks; refuses bad input', async () => {
    const { client } = await signedIn(station, 'manager');
    const form = await makeLeadForm(station);
    await new ApiClient(station.baseUrl).post(`/api/public/leads/${form.key}`, {
      name: 'Spammy',
      email: 'a@b.example',
    });
    const inbox = await client.get('/api/crm/leads?status=new&source=website');
    const lead = inbox.body.items.find((l: { name: string }) => l.name === 'Spammy');
    expect(
      await count(`SELECT count(*) AS n FROM crm_tasks WHERE lead_id = :id AND status = 'open'`, {
        id: lead.id,
      }),
    ).toBe(1);
    expect((await client.post(`/api/crm/leads/${lead.id}/dismiss`, {})).body.error.field).toBe('reason');
    const dismissed = await client.post(`/api/crm/leads/${lead.id}/dismiss`, { reason: 'not a customer' });
    expect(dismissed.body).toMatchObject({ status: 'dismissed', dismissReason: 'not a customer' });
    expect(
      await count(`SELECT count(*) AS n FROM crm_tasks WHERE lead_id = :id AND status = 'cancelled'`, {
        id: lead.id,
      }),
    ).toBe(1);
    expect((await client.post(`/api/crm/leads/${lead.id}/convert`, {})).status).toBe(409);
    expect((await client.post('/api/crm/leads', { source: 'phone' })).body.error.field).toBe('phone');
    expect(
      (await client.post('/api/crm/leads', { source: 'fax', phone: uniquePhone() })).body.error.field,
    ).toBe('source');
    expect((await client.get(`/api/crm/leads/${crypto.randomUUID()}`)).status).toBe(404);
  });

  it('nothing is deleted silently: soft delete with a reason, crm.delete only, in the audit log', async () => {
    const advisor = await signedIn(station, 'advisor');
    const manager = await signedIn(station, 'manager');
    const lead = await advisor.client.post('/api/crm/leads', {
      source: 'phone',
      phone: uniquePhone(),
      name: 'Mistake',
    });
    expect((await advisor.client.delete(`/api/crm/leads/${lead.body.id}`, { reason: 'typo' })).status).toBe(
      403,
    );
    expect((await manager.client.delete(`/api/crm/leads/${lead.body.id}`, { reason: 'typo' })).status).toBe(
      204,
    );
    expect((await manager.client.get(`/api/crm/leads/${lead.body.id}`)).status).toBe(404);
    const all = await manager.client.get('/api/crm/leads?includeDeleted=true&source=phone');
    expect(all.body.items.find((l: { id: string }) => l.id === lead.body.id).deleted).toMatchObject({
      reason: 'typo',
    });
    expect(await count(`SELECT count(*) AS n FROM leads WHERE id = :id`, { id: lead.body.id })).toBe(1);
    const audit = await manager.client.get(`/api/audit?entityType=lead&entityId=${lead.body.id}`);
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toContain('lead.deleted');
  });

  it('own scope hides leads of other users’ customers', async () => {
    const own = await signedIn(station, 'manager', { scope: 'own' });
    const other = await signedIn(station, 'manager');
    const phone = uniquePhone();
    await makeCustomer(station, { phones: [phone], ownerId: other.user.id });
    const lead = await other.client.post('/api/crm/leads', { source: 'phone', phone });
    expect((await own.client.get(`/api/crm/leads/${lead.body.id}`)).status).toBe(403);
    expect((await own.client.post(`/api/crm/leads/${lead.body.id}/convert`, {})).status).toBe(403);
    const list = await own.client.get('/api/crm/leads');
    expect(list.body.items.map((l: { id: string }) => l.id)).not.toContain(lead.body.id);
  });

  it('lead forms are configured by crm.configure only', async () => {
    const owner = await signedIn(station, 'owner');
    const advisor = await signedIn(station, 'advisor');
    const created = await owner.client.post('/api/crm/lead-forms', {
      name: 'Main site',
      allowedOrigins: ['https://a.example/path'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      allowedOrigins: ['https://a.example'],
      endpoint: expect.stringMatching(/^\/api\/public\/leads\//),
    });
    expect(
      (await owner.client.post('/api/crm/lead-forms', { name: 'x', allowedOrigins: ['not a url'] })).body
        .error.field,
    ).toBe('allowedOrigins.0');
    expect((await advisor.client.get('/api/crm/lead-forms')).status).toBe(403);
  });
});
