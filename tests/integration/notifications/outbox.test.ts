import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bookAppointment } from '../../../server/src/modules/scheduler/index.ts';
import { asFactory, makeLift } from '../../support/factories.ts';
import {
  bookFor,
  configureNotifications,
  eventsOf,
  makeMessageCustomer,
  messageById,
  messagesOf,
  suppressionsOf,
} from '../../support/factories-notifications.ts';
import { makeCustomer, uniquePhone } from '../../support/factories-workshop.ts';
import { TestClock } from '../../support/test-clock.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
const clock = new TestClock();
// Monday 14 January 2030, 11:00 in Moscow (UTC+3).
const MORNING = new Date('2030-01-14T08:00:00Z');

beforeAll(async () => {
  clock.set(MORNING);
  station = await startTestStation({ clock });
});
afterAll(async () => {
  await station?.close();
});
beforeEach(async () => {
  clock.set(MORNING);
  station.notifications.simulated.clear();
  // Each test counts its own sends: what earlier tests left queued is put aside.
  await station.deps.sequelize.query(
    `UPDATE notification_messages SET status = 'cancelled' WHERE status = 'queued'`,
  );
  await configureNotifications(station, {
    sms: { enabled: true, provider: 'simulated', quietHours: { from: '21:00', to: '09:00' }, perMinute: 100 },
    email: { enabled: true, provider: 'simulated', quietHours: null, perMinute: 100 },
    retry: { maxAttempts: 3, baseSeconds: 60, maxSeconds: 600 },
  });
});

const sendNow = () => station.notifications.sendDue(clock.now());

describe('the outbox', () => {
  it('a booking produces exactly one confirmation, written in the booking transaction', async () => {
    const { customer, vehicle } = await makeMessageCustomer(station, {
      name: 'Anna Petrova',
      plate: 'A123BC77',
    });
    const appointment = await bookFor(station, customer.id, vehicle.id, new Date('2030-01-16T07:00:00Z'));
    const messages = await messagesOf(station, customer.id);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      kind: 'booking_confirmed',
      purpose: 'service',
      channel: 'sms',
      status: 'queued',
      locale: 'en',
      dedup_key: `booking_confirmed:${appointment.id}:sms`,
    });
    expect(messages[0]!.body).toContain('Anna Petrova, you are booked');
    expect(messages[0]!.body).toContain('16 January at 10:00');
    expect(messages[0]!.body).toContain('Kia Rio A123BC77');
    expect(messages[0]!.recipient).toMatch(/^\+79/);

    // The same event again (a retry of the cause) finds the message already there.
    await asFactory(station, async (cx) =>
      cx.emit({
        type: 'appointment.booked',
        appointmentId: appointment.id,
        customerId: customer.id,
        liftId: appointment.liftId,
      }),
    );
    expect(await messagesOf(station, customer.id)).toHaveLength(1);
  });

  it('a rolled-back booking leaves no message', async () => {
    const { customer, vehicle } = await makeMessageCustomer(station);
    const lift = await makeLift(station);
    await expect(
      asFactory(station, async (cx) => {
        await bookAppointment(cx, {
          liftId: lift.id,
          startsAt: new Date('2030-01-17T07:00:00Z'),
          durationSeconds: 3600,
          customerId: customer.id,
          vehicleId: vehicle.id,
          timezone: 'Europe/Moscow',
        });
        throw new Error('the desk changed its mind');
      }),
    ).rejects.toThrow('the desk changed its mind');
    expect(await messagesOf(station, customer.id)).toEqual([]);
    const [count] = await station.deps.sequelize.query<{ n: string }>(
      `SELECT count(*) AS n FROM appointments WHERE customer_id = :id`,
      { type: QueryTypes.SELECT, replacements: { id: customer.id } },
    );
    expect(Number(count!.n)).toBe(0);
  });

  it('sends through the simulated channel and logs each step', async () => {
    const { customer, vehicle } = await makeMessageCustomer(station);
    await bookFor(station, customer.id, vehicle.id, new Date('2030-01-18T07:00:00Z'));
    const report = await sendNow();
    expect(report.sent).toBeGreaterThanOrEqual(1);
    const [message] = await messagesOf(station, customer.id);
    expect(message).toMatchObject({ status: 'delivered', attempts: 1, provider: 'simulated' });
    expect((await eventsOf(station, message!.id)).map((e) => e.status)).toEqual([
      'queued',
      'sending',
      'sent',
      'delivered',
    ]);
    expect(
      station.notifications.simulated.sent.find((s) => s.message.id === message!.id)?.message.recipient,
    ).toBe(message!.recipient);
  });

  it('a failure is retried with backoff and then marked failed with the reason', async () => {
    const { customer, vehicle } = await makeMessageCustomer(station);
    await bookFor(station, customer.id, vehicle.id, new Date('2030-01-21T07:00:00Z'));
    const [queued] = await messagesOf(station, customer.id);
    station.notifications.simulated.failNext(3, 'transient', 'the gateway said 503');

    // The test clock runs in real time: a wait is bounded by the instants before and after the send.
    let before = clock.now().getTime();
    expect((await sendNow()).retried).toBe(1);
    let after = clock.now().getTime();
    let message = await messageById(station, queued!.id);
    expect(message).toMatchObject({ status: 'queued', attempts: 1, last_error: 'the gateway said 503' });
    const firstWait = message.next_attempt_at.getTime() - after;
    expect(message.next_attempt_at.getTime() - before).toBeGreaterThanOrEqual(48_000);
    expect(firstWait).toBeLessThanOrEqual(72_000);

    // Not due yet: nothing happens.
    expect((await sendNow()).retried).toBe(0);

    clock.advance(firstWait);
    before = clock.now().getTime();
    expect((await sendNow()).retried).toBe(1);
    after = clock.now().getTime();
    message = await messageById(station, queued!.id);
    const secondWait = message.next_attempt_at.getTime() - after;
    expect(message.next_attempt_at.getTime() - before).toBeGreaterThanOrEqual(96_000); // 120 s ± 20 %
    expect(secondWait).toBeLessThanOrEqual(144_000);

    clock.advance(secondWait);
    expect((await sendNow()).failed).toBe(1);
    message = await messageById(station, queued!.id);
    expect(message).toMatchObject({
      status: 'failed',
      attempts: 3,
      last_error: 'gave up after 3 attempts: the gateway said 503',
    });
    expect((await eventsOf(station, message.id)).map((e) => e.status)).toEqual([
      'queued',
      'sending',
      'retry',
      'sending',
      'retry',
      'sending',
      'failed',
    ]);
  });

  it('a permanent refusal fails at once', async () => {
    const { customer, vehicle } = await makeMessageCustomer(station);
    await bookFor(station, customer.id, vehicle.id, new Date('2030-01-22T07:00:00Z'));
    station.notifications.simulated.failNext(1, 'permanent', 'no such number');
    expect((await sendNow()).failed).toBe(1);
    const [message] = await messagesOf(station, customer.id);
    expect(message).toMatchObject({ status: 'failed', attempts: 1, last_error: 'no such number' });
  });

  it('an unavailable channel keeps the queue waiting without using up attempts', async () => {
    const { customer, vehicle } = await makeMessageCustomer(station);
    await bookFor(station, customer.id, vehicle.id, new Date('2030-01-23T07:00:00Z'));
    station.notifications.simulated.setUnavailable('The modem is not connected at /dev/ttyUSB0');
    expect((await sendNow()).waiting).toBe(1);
    clock.advance(61_000);
    expect((await sendNow()).waiting).toBe(1);
    let [message] = await messagesOf(station, customer.id);
    expect(message).toMatchObject({
      status: 'queued',
      attempts: 0,
      waiting_reason: 'The modem is not connected at /dev/ttyUSB0',
    });
    // The reason is logged once, not once a minute.
    expect((await eventsOf(station, message!.id)).filter((e) => e.status === 'waiting')).toHaveLength(1);

    station.notifications.simulated.setUnavailable(null);
    clock.advance(61_000);
    await sendNow();
    [message] = await messagesOf(station, customer.id);
    expect(message).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('quiet hours hold an evening SMS until 09:00', async () => {
    const evening = new Date('2030-01-14T19:30:00Z'); // 22:30 in Moscow
    clock.set(evening);
    const { customer, vehicle } = await makeMessageCustomer(station, { email: 'night@example.com' });
    await configureNotifications(station, {});
    await bookFor(station, customer.id, vehicle.id, new Date('2030-01-24T07:00:00Z'));
    const [sms] = await messagesOf(station, customer.id);
    expect(sms!.next_attempt_at.toISOString()).toBe('2030-01-15T06:00:00.000Z');
    expect(sms!.waiting_reason).toBe('quiet hours until 09:00 (station time)');
    await sendNow();
    expect((await messageById(station, sms!.id)).status).toBe('queued');

    clock.set(new Date('2030-01-15T06:00:00Z'));
    await sendNow();
    expect((await messageById(station, sms!.id)).status).toBe('delivered');
  }, 60_000);

  it('changing the quiet hours releases what the old ones held', async () => {
    clock.set(new Date('2030-01-14T19:30:00Z')); // 22:30 in Moscow
    const { customer, vehicle } = await makeMessageCustomer(station);
    await bookFor(station, customer.id, vehicle.id, new Date('2030-01-26T07:00:00Z'));
    const [held] = await messagesOf(station, customer.id);
    expect(held!.next_attempt_at.toISOString()).toBe('2030-01-15T06:00:00.000Z');
    await configureNotifications(station, { sms: { quietHours: { from: '23:00', to: '07:00' } } });
    expect((await sendNow()).sent).toBe(1);
    expect((await messageById(station, held!.id)).status).toBe('delivered');
  });

  it('a message that fell due before the quiet hours began is deferred to the morning by the sender', async () => {
    const { customer, vehicle } = await makeMessageCustomer(station);
    await bookFor(station, customer.id, vehicle.id, new Date('2030-01-25T07:00:00Z'));
    clock.set(new Date('2030-01-14T18:30:00Z')); // 21:30: the sender runs for the first time
    expect((await station.notifications.sendDue(clock.now())).deferred).toBeGreaterThanOrEqual(1);
    const [message] = await messagesOf(station, customer.id);
    expect(message!.next_attempt_at.toISOString()).toBe('2030-01-15T06:00:00.000Z');
    expect((await eventsOf(station, message!.id)).map((e) => e.status)).toContain('deferred');
  });

  it('the per-minute limit spreads a burst of SMS', async () => {
    await configureNotifications(station, { sms: { perMinute: 2 } });
    const customers = [];
    for (let i = 0; i < 3; i++) customers.push(await makeMessageCustomer(station));
    for (const [i, { customer, vehicle }] of customers.entries())
      await bookFor(station, customer.id, vehicle.id, new Date(`2030-01-28T0${6 + i}:00:00Z`));
    clock.advance(5 * 60_000);
    expect((await sendNow()).sent).toBe(2);
    expect((await sendNow()).sent).toBe(0);
    clock.advance(61_000);
    expect((await sendNow()).sent).toBe(1);
  });

  it('respects consent per channel and purpose, and records why a message was not queued', async () => {
    const { customer, vehicle } = await makeMessageCustomer(station, { consents: { smsService: false } });
    await bookFor(station, customer.id, vehicle.id, new Date('2030-01-29T07:00:00Z'));
    expect(await messagesOf(station, customer.id)).toEqual([]);
    expect(await suppressionsOf(station, customer.id)).toEqual([
      {
        kind: 'booking_confirmed',
        channel: 'sms',
        reason: 'no_consent',
        detail: 'no consent to service sms messages',
      },
    ]);

    const noPhone = await makeCustomer(station, { phones: [] });
    const lift = await makeLift(station);
    await asFactory(station, (cx) =>
      bookAppointment(cx, {
        liftId: lift.id,
        startsAt: new Date('2030-01-29T09:00:00Z'),
        durationSeconds: 1800,
        customerId: noPhone.id,
        timezone: 'Europe/Moscow',
      }),
    );
    expect(await suppressionsOf(station, noPhone.id)).toMatchObject([
      { reason: 'no_recipient', detail: 'the customer has no phone' },
    ]);
  });

  it('a switched-off channel queues nothing and says so', async () => {
    await configureNotifications(station, { sms: { enabled: false } });
    const { customer, vehicle } = await makeMessageCustomer(station);
    await bookFor(station, customer.id, vehicle.id, new Date('2030-01-30T07:00:00Z'));
    expect(await messagesOf(station, customer.id)).toEqual([]);
    expect(await suppressionsOf(station, customer.id)).toMatchObject([{ reason: 'channel_off' }]);
  });

  it('a message left "sending" by a crash goes again after ten minutes', async () => {
    const { customer, vehicle } = await makeMessageCustomer(station, { phones: [uniquePhone()] });
    await bookFor(station, customer.id, vehicle.id, new Date('2030-01-31T07:00:00Z'));
    const [message] = await messagesOf(station, customer.id);
    await station.deps.sequelize.query(
      `UPDATE notification_messages SET status = 'sending', attempts = 1, updated_at = :at WHERE id = :id`,
      { replacements: { id: message!.id, at: new Date(clock.now().getTime() - 11 * 60_000) } },
    );
    const report = await sendNow();
    expect(report.recovered).toBe(1);
    expect(await messageById(station, message!.id)).toMatchObject({ status: 'delivered', attempts: 2 });
    expect((await eventsOf(station, message!.id)).map((e) => e.status)).toContain('requeued');
  });

  it('a reply "СТОП" opts the customer out; what was queued for them is not sent', async () => {
    const phone = uniquePhone();
    const { customer, vehicle } = await makeMessageCustomer(station, { phones: [phone] });
    await bookFor(station, customer.id, vehicle.id, new Date('2030-02-01T07:00:00Z'));
    const result = await station.notifications.inbound({
      source: 'modem',
      from: phone,
      text: 'СТОП',
      receivedAt: clock.now(),
    });
    expect(result).toMatchObject({ customerId: customer.id, action: 'opt_out' });
    const [consents] = await station.deps.sequelize.query<{
      consent_sms_service: boolean;
      consent_sms_marketing: boolean;
    }>(`SELECT consent_sms_service, consent_sms_marketing FROM customers WHERE id = :id`, {
      type: QueryTypes.SELECT,
      replacements: { id: customer.id },
    });
    expect(consents).toEqual({ consent_sms_service: false, consent_sms_marketing: false });
    await sendNow();
    const [message] = await messagesOf(station, customer.id);
    expect(message).toMatchObject({
      status: 'cancelled',
      last_error: 'the customer withdrew consent after it was queued',
    });

    // The next booking is refused with the reason and the date of the opt-out.
    await bookFor(station, customer.id, vehicle.id, new Date('2030-02-04T07:00:00Z'));
    expect((await suppressionsOf(station, customer.id)).at(-1)?.detail).toMatch(
      /opted out by a reply on 2030-01-14/,
    );

    const stranger = await station.notifications.inbound({
      source: 'modem',
      from: '+15551234567',
      text: 'STOP',
      receivedAt: clock.now(),
    });
    expect(stranger.action).toBe('unknown_sender');
  });
});
