import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setCustomerProfile } from '../../../server/src/modules/notifications/commands/messages.ts';
import { asFactory, signedIn } from '../../support/factories.ts';
import {
  bookFor,
  configureNotifications,
  makeMessageCustomer,
  messageById,
  messagesOf,
} from '../../support/factories-notifications.ts';
import { uniquePhone } from '../../support/factories-workshop.ts';
import { TestClock } from '../../support/test-clock.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';
import { ModemEmulator } from './support/modem-emulator.ts';

let station: TestStation;
let modem: ModemEmulator;
const clock = new TestClock();
const NOON = new Date('2030-05-06T09:00:00Z');

async function eventually<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 5_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  clock.set(NOON);
  station = await startTestStation({ clock });
  modem = await ModemEmulator.start();
});
afterAll(async () => {
  await station?.close();
  await modem?.stop();
});
beforeEach(async () => {
  clock.set(NOON);
  await station.deps.sequelize.query(
    `UPDATE notification_messages SET status = 'cancelled' WHERE status = 'queued'`,
  );
  modem.behaviour = { sim: 'ready', network: 'home', cmsError: null, deliveryReports: true, reportStatus: 0 };
  await configureNotifications(station, {
    sms: { enabled: true, provider: 'modem', quietHours: null, perMinute: 100 },
    modem: { port: modem.path, baudRate: 115200, deliveryReports: true, pin: null },
  });
});

describe('SMS through a GSM modem on a serial port (emulated over a pseudo-terminal)', () => {
  it('reports the modem ready with its signal and operator', async () => {
    const { client } = await signedIn(station, 'manager');
    const [sms] = (await client.get('/api/notifications/channels')).body;
    expect(sms).toMatchObject({
      channel: 'sms',
      provider: 'modem',
      state: 'ready',
      signalDbm: -71,
      operator: 'Emulated GSM',
    });
    expect(modem.commands.slice(0, 4)).toEqual(['AT', 'ATE0', 'AT+CMEE=1', 'AT+CPIN?']);
    expect(modem.commands).toContain('AT+CMGF=0');
  });

  it('sends a Cyrillic message as concatenated UCS-2 PDUs and marks it delivered from the +CDS reports', async () => {
    const { customer, vehicle } = await makeMessageCustomer(station, {
      name: 'Ольга Смирнова',
      plate: 'К555КК77',
    });
    await asFactory(station, (cx) => setCustomerProfile(cx, customer.id, { locale: 'ru' }));
    await bookFor(station, customer.id, vehicle.id, new Date('2030-05-08T07:00:00Z'));
    const [message] = await messagesOf(station, customer.id);
    expect(message!.body.length).toBeGreaterThan(70);
    const before = modem.submitted.length;

    expect((await station.notifications.sendDue(clock.now())).sent).toBe(1);
    const parts = modem.submitted.slice(before);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(
      parts.every((p) => p.encoding === 'UCS-2' && p.to === message!.recipient && p.statusReportRequested),
    ).toBe(true);
    expect(new Set(parts.map((p) => p.concat?.reference)).size).toBe(1);
    expect(parts.map((p) => p.concat?.sequence)).toEqual(parts.map((_, i) => i + 1));
    expect(parts.map((p) => p.text).join('')).toBe(message!.body);
    expect((await messageById(station, message!.id)).provider_message_id).toBe(
      parts.map((p) => p.mr).join(','),
    );

    const delivered = await eventually(
      () => messageById(station, message!.id),
      (m) => m.status === 'delivered',
    );
    expect(delivered.status).toBe('delivered');
  });

  it('a report that the network gave up fails the message with the reason', async () => {
    modem.behaviour.reportStatus = 0x46;
    const { customer, vehicle } = await makeMessageCustomer(station);
    await bookFor(station, customer.id, vehicle.id, new Date('2030-05-09T07:00:00Z'));
    await station.notifications.sendDue(clock.now());
    const [message] = await messagesOf(station, customer.id);
    const failed = await eventually(
      () => messageById(station, message!.id),
      (m) => m.status === 'failed',
    );
    expect(failed).toMatchObject({ status: 'failed', last_error: 'not delivered: status report 0x46' });
  });

  it('a "СТОП" reply read from the modem (+CMTI, AT+CMGR) opts the customer out', async () => {
    const phone = uniquePhone();
    const { customer } = await makeMessageCustomer(station, { phones: [phone] });
    await station.notifications.status(); // the port is open and listening
    modem.injectReply(phone, 'СТОП');
    const [row] = await eventually(
      () =>
        station.deps.sequelize.query<{ consent_sms_service: boolean; action: string | null }>(
          `SELECT c.consent_sms_service, i.action FROM customers c LEFT JOIN notification_inbound i ON i.customer_id = c.id WHERE c.id = :id`,
          { type: QueryTypes.SELECT, replacements: { id: customer.id } },
        ),
      (rows) => rows[0]?.action === 'opt_out',
    );
    expect(row).toEqual({ consent_sms_service: false, action: 'opt_out' });
    expect(modem.commands).toContain('AT+CMGD=1');
  });

  it('a network refusal (out of credit) makes the queue wait with a clear status', async () => {
    modem.behaviour.cmsError = 21;
    const { customer, vehicle } = await makeMessageCustomer(station);
    await bookFor(station, customer.id, vehicle.id, new Date('2030-05-10T07:00:00Z'));
    expect((await station.notifications.sendDue(clock.now())).waiting).toBe(1);
    const [message] = await messagesOf(station, customer.id);
    expect(message).toMatchObject({ status: 'queued', attempts: 0 });
    expect(message!.waiting_reason).toMatch(/out of credit/);
    const [sms] = await station.notifications.status();
    expect(sms).toMatchObject({ state: 'out_of_credit' });
  });

  it('no SIM card: the status says so and the queue waits', async () => {
    const noSim = await ModemEmulator.start();
    try {
      noSim.behaviour.sim = 'absent';
      await configureNotifications(station, { modem: { port: noSim.path } });
      const { customer, vehicle } = await makeMessageCustomer(station);
      await bookFor(station, customer.id, vehicle.id, new Date('2030-05-13T07:00:00Z'));
      expect((await station.notifications.sendDue(clock.now())).waiting).toBe(1);
      expect((await messagesOf(station, customer.id))[0]).toMatchObject({
        status: 'queued',
        attempts: 0,
        waiting_reason: 'No SIM card in the modem',
      });
      const [sms] = await station.notifications.status();
      expect(sms).toMatchObject({ state: 'no_sim', detail: 'No SIM card in the modem' });

      // The SIM asks for its PIN: with the PIN in the settings the modem unlocks and sends.
      noSim.behaviour.sim = 'pin';
      expect((await station.notifications.status())[0]).toMatchObject({ state: 'sim_pin' });
      await configureNotifications(station, { modem: { pin: '0000' } });
      clock.advance(61_000);
      expect((await station.notifications.sendDue(clock.now())).sent).toBe(1);
      expect(noSim.commands).toContain('AT+CPIN="0000"');
    } finally {
      await noSim.stop();
    }
  });

  it('no network: the status says so and the queue waits', async () => {
    modem.behaviour.network = 'none';
    await configureNotifications(station, { modem: { baudRate: 57600 } }); // a new connection
    const [sms] = await station.notifications.status();
    expect(sms).toMatchObject({ state: 'no_network', signalDbm: null });
  });

  it('an unplugged modem (no such device) is a clear status, and the queue waits', async () => {
    await configureNotifications(station, { modem: { port: '/dev/ttyUSB-pitwall-missing' } });
    const { customer, vehicle } = await makeMessageCustomer(station);
    await bookFor(station, customer.id, vehicle.id, new Date('2030-05-14T07:00:00Z'));
    expect((await station.notifications.sendDue(clock.now())).waiting).toBe(1);
    expect((await messagesOf(station, customer.id))[0]!.waiting_reason).toBe(
      'The modem is not connected at /dev/ttyUSB-pitwall-missing',
    );
    expect((await station.notifications.status())[0]).toMatchObject({ state: 'unplugged' });
  });

  it('a modem pulled out while connected is seen as disconnected', async () => {
    const shortLived = await ModemEmulator.start();
    await configureNotifications(station, { modem: { port: shortLived.path } });
    expect((await station.notifications.status())[0]).toMatchObject({ state: 'ready' });
    await shortLived.stop();
    const status = await eventually(
      () => station.notifications.status(),
      (s) => s[0]!.state !== 'ready',
    );
    expect(status[0]).toMatchObject({ state: 'unplugged' });
    expect(status[0]!.detail).toMatch(/was disconnected|is not connected/);
  });
});
