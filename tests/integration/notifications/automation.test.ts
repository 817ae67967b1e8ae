import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createInterval,
  runDailyServiceDue,
  updateCrmSettings,
} from '../../../server/src/modules/crm/index.ts';
import { setCustomerProfile } from '../../../server/src/modules/notifications/commands/messages.ts';
import { createPart } from '../../../server/src/modules/warehouse/index.ts';
import { transitionOrder } from '../../../server/src/modules/workshop/index.ts';
import { asFactory, signedIn } from '../../support/factories.ts';
import { workOrder } from '../../support/factories-crm.ts';
import {
  bookFor,
  configureNotifications,
  makeMessageCustomer,
  messagesOf,
  suppressionsOf,
} from '../../support/factories-notifications.ts';
import { makeOrder } from '../../support/factories-workshop.ts';
import { TestClock } from '../../support/test-clock.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
const clock = new TestClock();
const NOON = new Date('2030-03-11T09:00:00Z'); // Monday 12:00 in Moscow

beforeAll(async () => {
  clock.set(NOON);
  station = await startTestStation({ clock });
  await station.deps.sequelize.query(
    `UPDATE station_settings SET address = '12 Garage Lane', phone = '+74951234567' WHERE id = 1`,
  );
});
afterAll(async () => {
  await station?.close();
});
beforeEach(async () => {
  clock.set(NOON);
  station.notifications.simulated.clear();
  await configureNotifications(station, {
    sms: { enabled: true, provider: 'simulated', quietHours: null, perMinute: 1000 },
    email: { enabled: true, provider: 'simulated', quietHours: null, perMinute: 1000 },
    linkBaseUrl: 'http://pitwall.local:8080',
  });
});

const ruleId = async (code: string) => {
  const [row] = await station.deps.sequelize.query<{ id: string }>(
    `SELECT id FROM notification_rules WHERE code = :code`,
    {
      type: QueryTypes.SELECT,
      replacements: { code },
    },
  );
  return row!.id;
};

describe('built-in automation', () => {
  it('car ready: an SMS with the amount due and an e-mail with the invoice attached, once per order', async () => {
    const { customer, vehicle } = await makeMessageCustomer(station, {
      email: 'anna@example.com',
      plate: 'B777OP77',
    });
    const { order } = await makeOrder(station, { customerId: customer.id, vehicleId: vehicle.id });
    await workOrder(station, order.id, 'done', { priceMinor: 1_250_000 });
    const messages = await messagesOf(station, customer.id);
    const ready = messages.filter((m) => m.kind === 'car_ready');
    expect(ready.map((m) => m.channel).sort()).toEqual(['email', 'sms']);
    const sms = ready.find((m) => m.channel === 'sms')!;
    expect(sms.body).toMatch(/^Your Kia Rio B777OP77 is ready\. Amount due: RUB 12,500\./);
    expect(sms.body).not.toContain('\u00a0');
    const email = ready.find((m) => m.channel === 'email')!;
    expect(email.subject).toBe('Your Kia Rio B777OP77 is ready');
    expect(email.attachments).toEqual([{ type: 'invoice', orderId: order.id }]);

    await station.notifications.sendDue(clock.now());
    const sent = station.notifications.simulated.sent.find((s) => s.message.id === email.id)!;
    expect(sent.message.attachments).toHaveLength(1);
    expect(sent.message.attachments[0]!.filename).toMatch(/^WO-\d{4}-\d{6}-invoice\.pdf$/);
    expect(sent.message.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');

    // Back to work and done again: still one "car ready" per order and channel.
    await asFactory(station, (cx) =>
      transitionOrder(cx, { orderId: order.id, to: 'in_work', reason: 'one more thing' }),
    );
    await asFactory(station, (cx) => transitionOrder(cx, { orderId: order.id, to: 'done' }));
    expect((await messagesOf(station, customer.id)).filter((m) => m.kind === 'car_ready')).toHaveLength(2);
  });

  it('parts arrived: lists the parts', async () => {
    const { customer, vehicle } = await makeMessageCustomer(station);
    const { order } = await makeOrder(station, { customerId: customer.id, vehicleId: vehicle.id });
    const filter = await asFactory(station, (cx) =>
      createPart(cx, { sku: `OF-${order.id.slice(0, 6)}`, name: 'Oil filter' } as Parameters<
        typeof createPart
      >[1]),
    );
    await asFactory(station, async (cx) =>
      cx.emit({ type: 'parts.arrived', orderId: order.id, customerId: customer.id, partIds: [filter.id] }),
    );
    const [message] = (await messagesOf(station, customer.id)).filter((m) => m.kind === 'parts_arrived');
    expect(message!.body).toContain('have arrived (Oil filter)');
  });

  it('the day-before reminder goes once for each of tomorrow’s appointments', async () => {
    const { customer, vehicle } = await makeMessageCustomer(station);
    const tomorrow = await bookFor(station, customer.id, vehicle.id, new Date('2030-03-12T07:30:00Z'));
    const later = await makeMessageCustomer(station);
    await bookFor(station, later.customer.id, later.vehicle.id, new Date('2030-03-13T07:30:00Z'));
    expect(await station.notifications.remindTomorrow(clock.now())).toBeGreaterThanOrEqual(1);
    expect(await station.notifications.remindTomorrow(clock.now())).toBeGreaterThanOrEqual(1);
    const reminders = (await messagesOf(station, customer.id)).filter(
      (m) => m.kind === 'appointment_reminder',
    );
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.body).toContain('tomorrow, 12 March, at 10:30');
    expect(reminders[0]!.dedup_key).toBe(`appointment_reminder:${tomorrow.id}@2030-03-12:sms`);
    expect(
      (await messagesOf(station, later.customer.id)).filter((m) => m.kind === 'appointment_reminder'),
    ).toEqual([]);
  });

  it('the survey request after hand-over waits for the CRM’s delay and carries the link', async () => {
    const { customer, vehicle } = await makeMessageCustomer(station);
    const { order } = await makeOrder(station, { customerId: customer.id, vehicleId: vehicle.id });
    await workOrder(station, order.id, 'handed_over');
    const [survey] = (await messagesOf(station, customer.id)).filter((m) => m.kind === 'survey_request');
    expect(survey!.body).toMatch(/Rate us 0-10: http:\/\/pitwall\.local:8080\/survey\/[A-Za-z0-9_-]{20,}$/);
    expect(survey!.next_attempt_at.getTime() - clock.now().getTime()).toBeGreaterThan(23 * 3_600_000);
    await station.notifications.sendDue(clock.now());
    expect((await messagesOf(station, customer.id)).find((m) => m.id === survey!.id)!.status).toBe('queued');
    clock.advance(24 * 3_600_000 + 60_000);
    await station.notifications.sendDue(clock.now());
    expect((await messagesOf(station, customer.id)).find((m) => m.id === survey!.id)!.status).toBe(
      'delivered',
    );
  });

  it('service due: the CRM’s daily run invites through the rules instead of making a task', async () => {
    const { customer, vehicle } = await makeMessageCustomer(station, { make: 'Haval' });
    const { order } = await makeOrder(station, {
      customerId: customer.id,
      vehicleId: vehicle.id,
      mileageKm: 30_000,
    });
    await workOrder(station, order.id, 'paid', { jobKind: 'service' });
    await asFactory(station, async (cx) => {
      await createInterval(cx, { name: 'Haval oil', jobKind: 'service', make: 'Haval', months: 6 });
      await updateCrmSettings(cx, { serviceDueAction: 'invitation' } as Parameters<
        typeof updateCrmSettings
      >[1]);
    });
    clock.advance(175 * 86_400_000);
    const run = await runDailyServiceDue(station.deps, clock.now());
    expect(run.invitations).toBeGreaterThanOrEqual(1);
    const [invitation] = (await messagesOf(station, customer.id)).filter((m) => m.kind === 'service_due');
    expect(invitation!.body).toMatch(/is due for Haval oil by \d+ (August|September)/);
    const [tasks] = await station.deps.sequelize.query<{ n: string }>(
      `SELECT count(*) AS n FROM crm_tasks WHERE vehicle_id = :id AND rule_code LIKE 'service_due:%'`,
      { type: QueryTypes.SELECT, replacements: { id: vehicle.id } },
    );
    expect(Number(tasks!.n)).toBe(0);
  });

  it('birthday greetings go only to customers who agreed to marketing messages', async () => {
    const fan = await makeMessageCustomer(station, {
      name: 'Birthday Fan',
      consents: { smsMarketing: true },
    });
    const quiet = await makeMessageCustomer(station, { name: 'Birthday Quiet' });
    for (const id of [fan.customer.id, quiet.customer.id])
      await asFactory(station, (cx) => setCustomerProfile(cx, id, { birthDate: '1985-03-11', locale: 'ru' }));
    expect(await station.notifications.greetBirthdays(clock.now())).toBeGreaterThanOrEqual(2);
    const [greeting] = (await messagesOf(station, fan.customer.id)).filter(
      (m) => m.kind === 'birthday_greeting',
    );
    expect(greeting).toMatchObject({ purpose: 'marketing', locale: 'ru' });
    expect(greeting!.body).toMatch(/^С днём рождения, Birthday Fan!/);
    expect(
      (await messagesOf(station, quiet.customer.id)).filter((m) => m.kind === 'birthday_greeting'),
    ).toEqual([]);
    expect((await suppressionsOf(station, quiet.customer.id)).at(-1)).toMatchObject({
      kind: 'birthday_greeting',
      reason: 'no_consent',
      detail: 'no consent to marketing sms messages',
    });
    // Once a year.
    await station.notifications.greetBirthdays(clock.now());
    expect(
      (await messagesOf(station, fan.customer.id)).filter((m) => m.kind === 'birthday_greeting'),
    ).toHaveLength(1);
  });

  it('a rule switched off sends nothing; on again, it does', async () => {
    const { client } = await signedIn(station, 'manager');
    const id = await ruleId('booking_confirmed');
    expect((await client.patch(`/api/notifications/rules/${id}`, { enabled: false })).body.enabled).toBe(
      false,
    );
    const { customer, vehicle } = await makeMessageCustomer(station);
    await bookFor(station, customer.id, vehicle.id, new Date('2030-03-20T07:00:00Z'));
    expect(await messagesOf(station, customer.id)).toEqual([]);
    expect((await client.patch(`/api/notifications/rules/${id}`, { enabled: true })).body.enabled).toBe(true);
    await bookFor(station, customer.id, vehicle.id, new Date('2030-03-21T07:00:00Z'));
    expect(await messagesOf(station, customer.id)).toHaveLength(1);
  });

  it('a rule with a condition and a CRM action: an order cancelled → a call-back task', async () => {
    const { client, user } = await signedIn(station, 'manager');
    const created = await client.post('/api/notifications/rules', {
      name: 'Cancelled order: call the customer',
      eventType: 'order.status_changed',
      conditions: [{ field: 'to', op: 'eq', value: 'cancelled' }],
      actionType: 'crm.create_task',
      actionParams: { title: 'Ask why the order was cancelled', dueMinutes: 30, assignee: user.id },
    });
    expect(created.status).toBe(201);
    const { customer, vehicle } = await makeMessageCustomer(station);
    const { order } = await makeOrder(station, { customerId: customer.id, vehicleId: vehicle.id });
    await asFactory(station, (cx) =>
      transitionOrder(cx, { orderId: order.id, to: 'cancelled', reason: 'too expensive' }),
    );
    const tasks = await station.deps.sequelize.query<{ title: string; assignee_id: string }>(
      `SELECT title, assignee_id FROM crm_tasks WHERE customer_id = :id`,
      { type: QueryTypes.SELECT, replacements: { id: customer.id } },
    );
    expect(tasks).toContainEqual({ title: 'Ask why the order was cancelled', assignee_id: user.id });
  });

  it('writes in the customer’s language', async () => {
    const { customer, vehicle } = await makeMessageCustomer(station, { plate: 'X001XX77' });
    await asFactory(station, (cx) => setCustomerProfile(cx, customer.id, { locale: 'ru' }));
    await bookFor(station, customer.id, vehicle.id, new Date('2030-03-22T07:00:00Z'));
    const [message] = await messagesOf(station, customer.id);
    expect(message).toMatchObject({ locale: 'ru' });
    expect(message!.body).toContain('вы записаны в');
    expect(message!.body).toContain('22 марта в 10:00');
  });
});
