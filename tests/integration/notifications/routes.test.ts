import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../support/api-client.ts';
import { signedIn } from '../../support/factories.ts';
import {
  bookFor,
  configureNotifications,
  makeMessageCustomer,
  messagesOf,
} from '../../support/factories-notifications.ts';
import { makeCustomer, makeOrder } from '../../support/factories-workshop.ts';
import { TestClock } from '../../support/test-clock.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
let manager: ApiClient;
let advisor: ApiClient;
let mechanic: ApiClient;
const clock = new TestClock();
const NOON = new Date('2030-04-08T09:00:00Z');
const WEBHOOK_SECRET = 'a-long-webhook-secret-0123456789';

beforeAll(async () => {
  clock.set(NOON);
  station = await startTestStation({ clock });
  manager = (await signedIn(station, 'manager')).client;
  advisor = (await signedIn(station, 'advisor')).client;
  mechanic = (await signedIn(station, 'mechanic')).client;
  await configureNotifications(station, { sms: { quietHours: null, perMinute: 1000 } });
});
afterAll(async () => {
  await station?.close();
});

const anonymous = () => new ApiClient(station.baseUrl);
const missingId = '00000000-0000-4000-8000-000000000000';

describe('permissions', () => {
  it.each([
    ['GET', '/api/notifications/settings'],
    ['GET', '/api/notifications/templates'],
    ['GET', '/api/notifications/rules'],
    ['GET', '/api/notifications/outbox'],
    ['GET', '/api/notifications/campaigns'],
    ['GET', '/api/notifications/channels'],
  ])('%s %s: 401 anonymous, 403 for an advisor, 200 for a manager', async (method, path) => {
    expect((await anonymous().request(method, path)).status).toBe(401);
    const refused = await advisor.request(method, path);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect((await manager.request(method, path)).status).toBe(200);
  });
});

describe('settings', () => {
  it('secrets are stored and never returned', async () => {
    const res = await manager.patch('/api/notifications/settings', {
      smtp: {
        host: 'mail.lan',
        port: 587,
        user: 'station',
        password: 'hunter2',
        from: 'Pitwall <service@pitwall.demo>',
      },
      modem: { pin: '1234' },
      gateway: { token: 'gw-token', webhookSecret: WEBHOOK_SECRET },
    });
    expect(res.status).toBe(200);
    expect(res.body.smtp).toMatchObject({ host: 'mail.lan', passwordSet: true, user: 'station' });
    expect(res.body.modem.pinSet).toBe(true);
    expect(res.body.gateway).toMatchObject({ tokenSet: true, webhookSecretSet: true });
    const text = JSON.stringify((await manager.get('/api/notifications/settings')).body);
    for (const secret of ['hunter2', '1234', 'gw-token', WEBHOOK_SECRET]) expect(text).not.toContain(secret);
    const audit = await manager.get('/api/audit?action=notification_settings.updated');
    if (audit.status === 200) expect(JSON.stringify(audit.body)).not.toContain('hunter2');
    // Null clears a secret.
    expect(
      (await manager.patch('/api/notifications/settings', { smtp: { password: null } })).body.smtp
        .passwordSet,
    ).toBe(false);
  });

  it.each([
    [{ sms: { quietHours: { from: '25:00', to: '09:00' } } }, 'sms.quietHours.from'],
    [{ sms: { provider: 'pigeon' } }, 'sms.provider'],
    [{ smtp: { port: 0 } }, 'smtp.port'],
    [{ smtp: { from: 'not an address' } }, 'smtp.from'],
    [{ retry: { baseSeconds: 600, maxSeconds: 60 } }, 'retry.maxSeconds'],
    [{ gateway: { url: 'ftp://x' } }, 'gateway.url'],
    [{ unknown: true }, 'unknown'],
    [{}, undefined],
  ])('400 for %j, naming %s', async (body, field) => {
    const res = await manager.patch('/api/notifications/settings', body);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
  });

  it('a gateway body template with an unknown variable is refused naming it', async () => {
    const res = await manager.patch('/api/notifications/settings', {
      gateway: { url: 'http://10.0.0.9:8080/send', bodyTemplate: '{"to": "{{to}}", "msg": {{messageText}}}' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      field: 'gateway.bodyTemplate',
      details: { variable: 'messageText' },
    });
  });

  it('channel status per channel, with the queue behind it', async () => {
    const res = await manager.get('/api/notifications/channels');
    expect(res.body.map((c: { channel: string }) => c.channel)).toEqual(['sms', 'email']);
    expect(res.body[0]).toMatchObject({
      provider: 'simulated',
      state: 'ready',
      enabled: true,
      queued: expect.any(Number),
    });
  });

  it('a test message goes straight through the channel', async () => {
    const ok = await manager.post('/api/notifications/channels/sms/test', {
      to: '+79161234567',
      text: 'hello',
    });
    expect(ok.body).toMatchObject({ ok: true, provider: 'simulated' });
    expect(
      (await manager.post('/api/notifications/channels/sms/test', { to: 'nobody' })).body.error.field,
    ).toBe('to');
    expect((await manager.post('/api/notifications/channels/fax/test', { to: '+79161234567' })).status).toBe(
      400,
    );
  });
});

describe('templates', () => {
  it('lists the kinds with their variables and the templates with their SMS length', async () => {
    const kinds = await manager.get('/api/notifications/kinds');
    expect(kinds.body.find((k: { kind: string }) => k.kind === 'car_ready')).toMatchObject({
      purpose: 'service',
      variables: expect.arrayContaining([{ name: 'amountDue', type: 'money', describe: expect.any(String) }]),
    });
    const list = await manager.get('/api/notifications/templates?kind=booking_confirmed&channel=sms');
    expect(list.body.map((t: { locale: string }) => t.locale).sort()).toEqual(['en', 'ru']);
    const ru = list.body.find((t: { locale: string }) => t.locale === 'ru');
    expect(ru.sms.encoding).toBe('UCS-2');
    expect(ru.variables).toContain('stationAddress');
    expect((await manager.get('/api/notifications/templates?kind=nope')).body.error.field).toBe('kind');
  });

  it('saving a template with an unknown variable is a 400 naming the variable', async () => {
    const [template] = (
      await manager.get('/api/notifications/templates?kind=car_ready&channel=sms&locale=en')
    ).body;
    const bad = await manager.put(`/api/notifications/templates/${template.id}`, {
      body: 'Ready! Pay {{amountToPay}}.',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ field: 'body', details: { variable: 'amountToPay' } });
    expect(bad.body.error.message).toContain('{{amountToPay}}');
    const syntax = await manager.put(`/api/notifications/templates/${template.id}`, {
      body: 'Ready {{#pointsBalance}}x',
    });
    expect(syntax.body.error.field).toBe('body');
    expect(
      (await manager.put(`/api/notifications/templates/${template.id}`, { subject: 'x' })).body.error.field,
    ).toBe('subject');
    const good = await manager.put(`/api/notifications/templates/${template.id}`, {
      body: 'Ready: {{car}}, pay {{amountDue}}.',
    });
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({
      body: 'Ready: {{car}}, pay {{amountDue}}.',
      variables: ['car', 'amountDue'],
    });
    expect((await manager.put(`/api/notifications/templates/${missingId}`, { body: 'x' })).status).toBe(404);
    expect((await manager.get(`/api/notifications/templates/${missingId}`)).status).toBe(404);
    expect((await advisor.put(`/api/notifications/templates/${template.id}`, { body: 'x' })).status).toBe(
      403,
    );
  });

  it('a second template for the same kind, channel and language is a 409', async () => {
    const res = await manager.post('/api/notifications/templates', {
      kind: 'car_ready',
      channel: 'sms',
      locale: 'en',
      body: 'x',
    });
    expect(res.status).toBe(409);
  });

  it('previews with real data and shows the SMS length and encoding', async () => {
    const { customer, vehicle } = await makeMessageCustomer(station, {
      name: 'Ivan Preview',
      plate: 'P123PP77',
    });
    const { order } = await makeOrder(station, { customerId: customer.id, vehicleId: vehicle.id });
    const real = await manager.post('/api/notifications/templates/preview', {
      kind: 'car_ready',
      channel: 'sms',
      locale: 'ru',
      body: '{{customerName}}, ваш {{car}} {{plate}} готов ({{orderNumber}}). К оплате {{amountDue}}.',
      orderId: order.id,
    });
    expect(real.status).toBe(200);
    expect(real.body.sample).toBe(false);
    expect(real.body.body).toMatch(
      /^Ivan Preview, ваш Kia Rio P123PP77 готов \(WO-\d{4}-\d{6}\)\. К оплате 0 ₽\.$/,
    );
    expect(real.body.sms).toMatchObject({ encoding: 'UCS-2', segments: 2, perSegment: 67 });

    const sample = await manager.post('/api/notifications/templates/preview', {
      kind: 'booking_confirmed',
      channel: 'sms',
      locale: 'en',
      body: 'See you {{date}} at {{time}} {{^plate}}{{/plate}}€',
    });
    expect(sample.body).toMatchObject({ sample: true, sms: { encoding: 'GSM-7' } });
    expect(sample.body.sms.units).toBe(sample.body.body.length + 1); // the euro sign counts twice

    const unknown = await manager.post('/api/notifications/templates/preview', {
      kind: 'car_ready',
      channel: 'sms',
      locale: 'en',
      body: '{{surveyLink}}',
    });
    expect(unknown.body.error).toMatchObject({ field: 'body', details: { variable: 'surveyLink' } });
    const missing = await manager.post('/api/notifications/templates/preview', {
      kind: 'car_ready',
      channel: 'sms',
      locale: 'en',
      body: 'x',
      orderId: missingId,
    });
    expect(missing.status).toBe(404);
  });
});

describe('rules', () => {
  it('lists the built-in rules and the registered actions', async () => {
    const rules = await manager.get('/api/notifications/rules');
    expect(rules.body.map((r: { code: string }) => r.code)).toEqual([
      'booking_confirmed',
      'appointment_reminder',
      'car_ready',
      'parts_arrived',
      'service_due',
      'survey_request',
      'birthday_greeting',
    ]);
    const actions = (await manager.get('/api/notifications/actions')).body.map(
      (a: { type: string }) => a.type,
    );
    expect(actions).toEqual(expect.arrayContaining(['send_message', 'crm.create_task', 'crm.move_deal']));
  });

  it('refuses bad rules with 400, changing a built-in rule’s cause with 409, deleting it with 409', async () => {
    const bad = async (body: object) =>
      (await manager.post('/api/notifications/rules', body)).body.error.field;
    const base = {
      name: 'x',
      eventType: 'order.status_changed',
      actionType: 'send_message',
      actionParams: { kind: 'car_ready', channels: ['sms'] },
    };
    expect(await bad({ ...base, eventType: 'Order Changed' })).toBe('eventType');
    expect(await bad({ ...base, actionType: 'launch_rocket' })).toBe('actionType');
    expect(await bad({ ...base, actionParams: { kind: 'nope', channels: ['sms'] } })).toBe('actionParams');
    expect(await bad({ ...base, actionParams: { kind: 'car_ready', channels: [] } })).toBe('actionParams');
    expect(await bad({ ...base, conditions: [{ field: 'to', op: 'in', value: 'done' }] })).toBe(
      'conditions.0',
    );
    const builtin = (await manager.get('/api/notifications/rules')).body[0];
    expect(
      (await manager.patch(`/api/notifications/rules/${builtin.id}`, { eventType: 'order.created' })).status,
    ).toBe(409);
    expect((await manager.delete(`/api/notifications/rules/${builtin.id}`)).status).toBe(409);
    expect((await manager.patch(`/api/notifications/rules/${missingId}`, { enabled: false })).status).toBe(
      404,
    );
    expect((await manager.patch(`/api/notifications/rules/${builtin.id}`, {})).status).toBe(400);
    const custom = await manager.post('/api/notifications/rules', { ...base, name: 'Mine' });
    expect(custom.status).toBe(201);
    expect((await manager.delete(`/api/notifications/rules/${custom.body.id}`)).status).toBe(204);
    expect((await manager.get(`/api/notifications/rules/${custom.body.id}`)).status).toBe(404);
  });
});

describe('the outbox and the delivery log', () => {
  it('filters, shows the history, resends a failed message and refuses what cannot be done', async () => {
    const { customer, vehicle } = await makeMessageCustomer(station, { name: 'Outbox Person' });
    await bookFor(station, customer.id, vehicle.id, new Date('2030-04-10T07:00:00Z'));
    const [message] = await messagesOf(station, customer.id);
    const list = await manager.get(
      `/api/notifications/outbox?customerId=${customer.id}&status=queued&channel=sms`,
    );
    expect(list.body).toMatchObject({
      total: 1,
      items: [{ id: message!.id, customerName: 'Outbox Person', status: 'queued' }],
    });
    expect((await manager.get('/api/notifications/outbox?status=lost')).body.error.field).toBe('status');
    expect((await manager.get(`/api/notifications/outbox/${missingId}`)).status).toBe(404);

    expect((await manager.post(`/api/notifications/outbox/${message!.id}/resend`)).status).toBe(409);
    station.notifications.simulated.failNext(1, 'permanent', 'number not in service');
    await station.notifications.sendDue(clock.now());
    const failed = await manager.get(`/api/notifications/outbox/${message!.id}`);
    expect(failed.body).toMatchObject({ status: 'failed', lastError: 'number not in service' });
    expect(failed.body.events.map((e: { status: string }) => e.status)).toEqual([
      'queued',
      'sending',
      'failed',
    ]);

    const resent = await manager.post(`/api/notifications/outbox/${message!.id}/resend`);
    expect(resent.status).toBe(201);
    expect(resent.body).toMatchObject({ status: 'queued', resendOf: message!.id, body: failed.body.body });
    await station.notifications.sendDue(clock.now());
    expect((await manager.get(`/api/notifications/outbox/${resent.body.id}`)).body.status).toBe('delivered');
    expect((await manager.post(`/api/notifications/outbox/${missingId}/resend`)).status).toBe(404);
  });

  it('cancels a queued message with a reason', async () => {
    const { customer, vehicle } = await makeMessageCustomer(station);
    await bookFor(station, customer.id, vehicle.id, new Date('2030-04-11T07:00:00Z'));
    const [message] = await messagesOf(station, customer.id);
    expect((await manager.post(`/api/notifications/outbox/${message!.id}/cancel`, {})).body.error.field).toBe(
      'reason',
    );
    const cancelled = await manager.post(`/api/notifications/outbox/${message!.id}/cancel`, {
      reason: 'booked by mistake',
    });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', lastError: 'booked by mistake' });
    expect(
      (await manager.post(`/api/notifications/outbox/${message!.id}/cancel`, { reason: 'again' })).status,
    ).toBe(409);
  });

  it('advisors read a customer’s delivery log and record an opt-out; others may not', async () => {
    const { customer, vehicle } = await makeMessageCustomer(station);
    await bookFor(station, customer.id, vehicle.id, new Date('2030-04-12T07:00:00Z'));
    const log = await advisor.get(`/api/notifications/customers/${customer.id}/log`);
    expect(log.status).toBe(200);
    expect(log.body[0]).toMatchObject({
      type: 'message',
      message: { kind: 'booking_confirmed', events: [{ status: 'queued' }] },
    });
    expect((await mechanic.get(`/api/notifications/customers/${customer.id}/log`)).status).toBe(403);
    expect((await advisor.get(`/api/notifications/customers/${missingId}/log`)).status).toBe(404);
    expect((await anonymous().get(`/api/notifications/customers/${customer.id}/log`)).status).toBe(401);

    const own = await signedIn(station, 'advisor', { scope: 'own' });
    expect((await own.client.get(`/api/notifications/customers/${customer.id}/log`)).status).toBe(403);

    expect(
      (await advisor.post(`/api/notifications/customers/${customer.id}/opt-out`, { channel: 'pigeon' })).body
        .error.field,
    ).toBe('channel');
    const opted = await advisor.post(`/api/notifications/customers/${customer.id}/opt-out`, {
      channel: 'sms',
      purpose: 'marketing',
      note: 'asked on the phone',
    });
    expect(opted.status).toBe(200);
    expect(opted.body[0]).toMatchObject({
      type: 'opt_out',
      channel: 'sms',
      purpose: 'marketing',
      source: 'advisor',
      note: 'asked on the phone',
    });
    const card = await advisor.get(`/api/customers/${customer.id}`);
    expect(card.body.consents.sms).toMatchObject({ service: true, marketing: false });
  });

  it('keeps the customer’s language and birthday', async () => {
    const customer = await makeCustomer(station);
    expect(
      (await advisor.put(`/api/notifications/customers/${customer.id}/profile`, { birthDate: '1990-02-30' }))
        .body.error.field,
    ).toBe('birthDate');
    const saved = await advisor.put(`/api/notifications/customers/${customer.id}/profile`, {
      birthDate: '1990-02-28',
      locale: 'ru',
    });
    expect(saved.body).toEqual({ birthDate: '1990-02-28', locale: 'ru' });
    expect((await advisor.get(`/api/notifications/customers/${customer.id}/profile`)).body).toEqual({
      birthDate: '1990-02-28',
      locale: 'ru',
    });
    expect(
      (await mechanic.put(`/api/notifications/customers/${customer.id}/profile`, { locale: 'en' })).status,
    ).toBe(403);
    expect(
      (await advisor.put(`/api/notifications/customers/${missingId}/profile`, { locale: 'en' })).status,
    ).toBe(404);
  });
});

describe('campaigns', () => {
  it('previews the recipients with consent, launches once through the outbox, and lists the outcome', async () => {
    const make = `Make${Date.now().toString(36)}`;
    const yes = await makeMessageCustomer(station, {
      name: 'A Campaign Yes',
      make,
      consents: { smsMarketing: true },
    });
    const no = await makeMessageCustomer(station, { name: 'B Campaign No', make });
    await makeMessageCustomer(station, { name: 'C Other Make', consents: { smsMarketing: true } });

    const preview = await manager.post('/api/notifications/campaigns/preview', {
      source: 'customers.filter',
      sourceParams: { make },
      channel: 'sms',
    });
    expect(preview.body).toMatchObject({ total: 2, eligible: 1 });
    expect(preview.body.recipients).toEqual([
      expect.objectContaining({ customerId: yes.customer.id, eligible: true, reason: null }),
      expect.objectContaining({
        customerId: no.customer.id,
        eligible: false,
        reason: 'no consent to marketing sms',
      }),
    ]);
    expect(
      (await manager.post('/api/notifications/campaigns/preview', { source: 'nope', channel: 'sms' })).body
        .error.field,
    ).toBe('source');
    expect(
      (
        await manager.post('/api/notifications/campaigns/preview', {
          source: 'customers.filter',
          sourceParams: { colour: 'red' },
          channel: 'sms',
        })
      ).body.error.field,
    ).toBe('sourceParams.colour');

    const badText = await manager.post('/api/notifications/campaigns', {
      name: 'Spring',
      source: 'customers.filter',
      sourceParams: { make },
      channel: 'sms',
      texts: { en: { body: 'Hi {{customerName}}, {{discount}} off' } },
    });
    expect(badText.body.error).toMatchObject({ field: 'texts.en.body', details: { variable: 'discount' } });

    const created = await manager.post('/api/notifications/campaigns', {
      name: 'Spring check',
      source: 'customers.filter',
      sourceParams: { make },
      channel: 'sms',
      texts: { en: { body: 'Hi {{customerName}}, spring check for your {{car}}: {{stationPhone}}' } },
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('draft');
    const launched = await manager.post(`/api/notifications/campaigns/${created.body.id}/launch`);
    expect(launched.body).toMatchObject({ status: 'launched', queuedCount: 1, suppressedCount: 1 });
    expect((await manager.post(`/api/notifications/campaigns/${created.body.id}/launch`)).status).toBe(409);

    const [message] = await messagesOf(station, yes.customer.id);
    expect(message).toMatchObject({
      kind: 'campaign',
      purpose: 'marketing',
      dedup_key: `campaign:${created.body.id}:${yes.customer.id}:sms`,
    });
    expect(message!.body).toBe(`Hi A Campaign Yes, spring check for your ${make} Rio:`);
    expect(await messagesOf(station, no.customer.id)).toEqual([]);

    const outcome = await manager.get(`/api/notifications/campaigns/${created.body.id}/recipients`);
    expect(outcome.body).toMatchObject({ total: 2, eligible: 1 });
    const cancelled = await manager.post(`/api/notifications/campaigns/${created.body.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await messagesOf(station, yes.customer.id))[0]!.status).toBe('cancelled');
    expect((await manager.post(`/api/notifications/campaigns/${created.body.id}/cancel`)).status).toBe(409);
    expect((await manager.get(`/api/notifications/campaigns/${missingId}`)).status).toBe(404);
    expect((await advisor.post(`/api/notifications/campaigns/${created.body.id}/launch`)).status).toBe(403);
  });
});

describe('the gateway webhook', () => {
  it('needs the shared secret; takes a "STOP" reply and opts the customer out', async () => {
    const phone = '+79169990011';
    const { customer } = await makeMessageCustomer(station, { phones: [phone] });
    const hook = anonymous();
    expect(
      (await hook.post('/api/notifications/gateway/webhook', { type: 'received', from: phone, text: 'STOP' }))
        .status,
    ).toBe(403);
    expect(
      (
        await hook.post('/api/notifications/gateway/webhook?secret=wrong', {
          type: 'received',
          from: phone,
          text: 'STOP',
        })
      ).status,
    ).toBe(403);
    const bad = await hook.post(`/api/notifications/gateway/webhook?secret=${WEBHOOK_SECRET}`, {
      type: 'received',
    });
    expect(bad.status).toBe(400);
    const ok = await hook.post(`/api/notifications/gateway/webhook?secret=${WEBHOOK_SECRET}`, {
      event: 'sms:received',
      payload: { phoneNumber: '8 916 999-00-11', message: 'Stop' },
    });
    expect(ok.body).toEqual({ ok: true, action: 'opt_out' });
    const log = await advisor.get(`/api/notifications/customers/${customer.id}/log`);
    expect(log.body.map((e: { type: string }) => e.type).sort()).toEqual(['opt_out', 'reply']);
    const replies = await manager.get('/api/notifications/inbound');
    expect(replies.body[0]).toMatchObject({
      source: 'gateway',
      sender: phone,
      body: 'Stop',
      action: 'opt_out',
      customerId: customer.id,
    });
  });
});
