import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { workOrder } from '../../support/factories-crm.ts';
import {
  configureNotifications,
  eventsOf,
  makeMessageCustomer,
  messageById,
  messagesOf,
} from '../../support/factories-notifications.ts';
import { makeOrder } from '../../support/factories-workshop.ts';
import { TestClock } from '../../support/test-clock.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

interface Received {
  from: string;
  to: string[];
  user: string | undefined;
  raw: string;
}

let station: TestStation;
let relay: SMTPServer;
let port: number;
const received: Received[] = [];
const clock = new TestClock();
const NOON = new Date('2030-06-03T09:00:00Z');

function startRelay(listenPort = 0): Promise<number> {
  relay = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'station' && auth.password === 'relay-secret')
        return callback(null, { user: auth.username });
      callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('bounce@')) {
        const err = Object.assign(new Error('No such user here'), { responseCode: 550 });
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  return new Promise((resolve) =>
    relay.listen(listenPort, '127.0.0.1', () => resolve((relay.server.address() as AddressInfo).port)),
  );
}

const stopRelay = () => new Promise<void>((resolve) => relay.close(() => resolve()));

beforeAll(async () => {
  clock.set(NOON);
  station = await startTestStation({ clock });
  port = await startRelay();
});
afterAll(async () => {
  await station?.close();
  await stopRelay().catch(() => undefined);
});
beforeEach(async () => {
  clock.set(NOON);
  await station.deps.sequelize.query(
    `UPDATE notification_messages SET status = 'cancelled' WHERE status = 'queued'`,
  );
  await configureNotifications(station, {
    sms: { enabled: false },
    email: { enabled: true, provider: 'smtp', quietHours: null, perMinute: 100 },
    smtp: {
      host: '127.0.0.1',
      port,
      secure: false,
      user: 'station',
      password: 'relay-secret',
      from: 'Pitwall Service <service@pitwall.test>',
    },
    retry: { maxAttempts: 3, baseSeconds: 30, maxSeconds: 300 },
  });
});

describe('e-mail through the station’s SMTP relay (a local SMTP server)', () => {
  it('the relay answers: the status is ready', async () => {
    const [, email] = await station.notifications.status();
    expect(email).toMatchObject({ channel: 'email', provider: 'smtp', state: 'ready' });
  });

  it('sends "car ready" with the invoice PDF attached, logged in with the relay account', async () => {
    const { customer, vehicle } = await makeMessageCustomer(station, {
      email: 'olga@example.com',
      plate: 'E001EE77',
    });
    const { order } = await makeOrder(station, { customerId: customer.id, vehicleId: vehicle.id });
    await workOrder(station, order.id, 'done', { priceMinor: 990_000 });
    const [message] = (await messagesOf(station, customer.id)).filter((m) => m.channel === 'email');
    expect((await station.notifications.sendDue(clock.now())).sent).toBe(1);

    const mail = received.at(-1)!;
    expect(mail).toMatchObject({ from: 'service@pitwall.test', to: ['olga@example.com'], user: 'station' });
    expect(mail.raw).toContain('Subject: Your Kia Rio E001EE77 is ready');
    expect(mail.raw).toContain(`X-Pitwall-Message-ID: ${message!.id}`);
    expect(mail.raw).toMatch(/Content-Type: application\/pdf; name=WO-\d{4}-\d{6}-invoice\.pdf/);
    expect(mail.raw).toMatch(/Content-Disposition: attachment; filename=WO-\d{4}-\d{6}-invoice\.pdf/);
    expect(mail.raw).toContain('JVBERi0'); // "%PDF-" in base64

    const sent = await messageById(station, message!.id);
    expect(sent).toMatchObject({ status: 'sent', provider: 'smtp' });
    expect(sent.provider_message_id).toMatch(/^<.+@pitwall\.test>$/);
  });

  it('an address the relay refuses (550) fails at once with the relay’s answer', async () => {
    const { customer, vehicle } = await makeMessageCustomer(station, { email: 'bounce@example.com' });
    const { order } = await makeOrder(station, { customerId: customer.id, vehicleId: vehicle.id });
    await workOrder(station, order.id, 'done');
    await station.notifications.sendDue(clock.now());
    const [message] = (await messagesOf(station, customer.id)).filter((m) => m.channel === 'email');
    expect(message).toMatchObject({ status: 'failed', attempts: 1 });
    expect(message!.last_error).toMatch(/^The relay refused the message: .*550/);
  });

  it('a wrong relay password stops the queue with a clear reason', async () => {
    await configureNotifications(station, { smtp: { password: 'wrong' } });
    const { customer, vehicle } = await makeMessageCustomer(station, { email: 'wait@example.com' });
    const { order } = await makeOrder(station, { customerId: customer.id, vehicleId: vehicle.id });
    await workOrder(station, order.id, 'done');
    expect((await station.notifications.sendDue(clock.now())).waiting).toBe(1);
    const [message] = (await messagesOf(station, customer.id)).filter((m) => m.channel === 'email');
    expect(message).toMatchObject({ status: 'queued', attempts: 0 });
    expect(message!.waiting_reason).toMatch(/^The relay refused the login/);
  });

  it('a relay that is down keeps the queue waiting; when it is back the message goes', async () => {
    const { customer, vehicle } = await makeMessageCustomer(station, { email: 'later@example.com' });
    const { order } = await makeOrder(station, { customerId: customer.id, vehicleId: vehicle.id });
    await workOrder(station, order.id, 'done');
    await stopRelay();
    try {
      expect((await station.notifications.sendDue(clock.now())).waiting).toBe(1);
      const [message] = (await messagesOf(station, customer.id)).filter((m) => m.channel === 'email');
      expect(message).toMatchObject({ status: 'queued', attempts: 0 });
      expect(message!.waiting_reason).toMatch(/^The mail relay is not reachable \((ECONNECTION|ESOCKET)\)/);
      expect((await station.notifications.status())[1]).toMatchObject({ state: 'unreachable' });
      expect((await eventsOf(station, message!.id)).map((e) => e.status)).toEqual([
        'queued',
        'sending',
        'waiting',
      ]);
    } finally {
      await startRelay(port);
    }
    clock.advance(61_000);
    expect((await station.notifications.sendDue(clock.now())).sent).toBe(1);
    expect(received.at(-1)!.to).toEqual(['later@example.com']);
  });
});
