import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../support/api-client.ts';
import {
  bookFor,
  configureNotifications,
  makeMessageCustomer,
  messageById,
  messagesOf,
} from '../../support/factories-notifications.ts';
import { TestClock } from '../../support/test-clock.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

interface Hit {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let station: TestStation;
let gateway: http.Server;
let port: number;
const hits: Hit[] = [];
/** What the gateway answers next: status and body. */
let answer: { status: number; body: string } = { status: 200, body: '{}' };
let counter = 0;
const clock = new TestClock();
const NOON = new Date('2030-07-01T09:00:00Z');
const SECRET = 'gateway-webhook-secret-123456';

beforeAll(async () => {
  clock.set(NOON);
  station = await startTestStation({ clock });
  gateway = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      counter += 1;
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body.replace('$n', String(counter)));
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', () => resolve()));
  port = (gateway.address() as AddressInfo).port;
});
afterAll(async () => {
  await station?.close();
  await new Promise((resolve) => gateway.close(resolve));
});
beforeEach(async () => {
  clock.set(NOON);
  answer = { status: 200, body: '{"state": "Pending", "data": {"id": "gw-$n"}}' };
  await station.deps.sequelize.query(
    `UPDATE notification_messages SET status = 'cancelled' WHERE status = 'queued'`,
  );
  await configureNotifications(station, {
    sms: { enabled: true, provider: 'gateway', quietHours: null, perMinute: 100 },
    gateway: {
      url: `http://127.0.0.1:${port}/message`,
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer {{token}}' },
      bodyTemplate: '{"phoneNumbers": ["{{to}}"], "message": {{textJson}}, "id": "{{messageId}}"}',
      idField: 'data.id',
      token: 'gw-token-1',
      webhookSecret: SECRET,
    },
    retry: { maxAttempts: 3, baseSeconds: 30, maxSeconds: 300 },
  });
});

async function queuedMessage() {
  const { customer, vehicle } = await makeMessageCustomer(station, { name: 'Gate "Quoted" Customer' });
  await bookFor(station, customer.id, vehicle.id, new Date('2030-07-03T07:00:00Z'));
  const [message] = await messagesOf(station, customer.id);
  return message!;
}

describe('SMS through an HTTP gateway on the LAN (a local HTTP server)', () => {
  it('posts the configured request, keeps the gateway’s id and takes its delivery report', async () => {
    const message = await queuedMessage();
    expect((await station.notifications.sendDue(clock.now())).sent).toBe(1);
    const hit = hits.at(-1)!;
    expect(hit).toMatchObject({ method: 'POST', url: '/message' });
    expect(hit.headers.authorization).toBe('Bearer gw-token-1');
    expect(JSON.parse(hit.body)).toEqual({
      phoneNumbers: [message.recipient],
      message: message.body,
      id: message.id,
    });
    const sent = await messageById(station, message.id);
    expect(sent).toMatchObject({ status: 'sent', provider: 'gateway', provider_message_id: `gw-${counter}` });

    const hook = new ApiClient(station.baseUrl);
    const report = await hook.post(`/api/notifications/gateway/webhook?secret=${SECRET}`, {
      event: 'sms:delivered',
      payload: { messageId: sent.provider_message_id },
    });
    expect(report.body).toEqual({ ok: true, matched: true });
    expect((await messageById(station, message.id)).status).toBe('delivered');
    const unknown = await hook.post(`/api/notifications/gateway/webhook?secret=${SECRET}`, {
      type: 'delivered',
      id: 'gw-unknown',
    });
    expect(unknown.body).toEqual({ ok: true, matched: false });
  });

  it('a GET gateway gets the text in the URL', async () => {
    await configureNotifications(station, {
      gateway: { method: 'GET', url: `http://127.0.0.1:${port}/send?to={{to}}&text={{text}}&key={{token}}` },
    });
    const message = await queuedMessage();
    await station.notifications.sendDue(clock.now());
    const url = new URL(hits.at(-1)!.url, 'http://x');
    expect(hits.at(-1)!.method).toBe('GET');
    expect(url.searchParams.get('to')).toBe(message.recipient);
    expect(url.searchParams.get('text')).toBe(message.body);
    expect(url.searchParams.get('key')).toBe('gw-token-1');
  });

  it('503 is retried, 400 fails the message', async () => {
    answer = { status: 503, body: '{"error": "busy"}' };
    const retried = await queuedMessage();
    expect((await station.notifications.sendDue(clock.now())).retried).toBe(1);
    expect(await messageById(station, retried.id)).toMatchObject({
      status: 'queued',
      attempts: 1,
      last_error: 'The SMS gateway answered 503: {"error": "busy"}',
    });

    answer = { status: 400, body: '{"error": "bad number"}' };
    clock.advance(10 * 60_000);
    await station.notifications.sendDue(clock.now());
    expect(await messageById(station, retried.id)).toMatchObject({
      status: 'failed',
      last_error: 'The SMS gateway answered 400: {"error": "bad number"}',
    });
  });

  it('a gateway that does not answer keeps the queue waiting', async () => {
    await configureNotifications(station, { gateway: { url: 'http://127.0.0.1:9/message' } });
    const message = await queuedMessage();
    expect((await station.notifications.sendDue(clock.now())).waiting).toBe(1);
    const waiting = await messageById(station, message.id);
    expect(waiting).toMatchObject({ status: 'queued', attempts: 0 });
    expect(waiting.waiting_reason).toMatch(/^The SMS gateway did not answer/);
    expect((await station.notifications.status())[0]).toMatchObject({
      provider: 'gateway',
      state: 'unreachable',
    });
  });
});
