import { readFileSync } from 'node:fs';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../support/api-client.ts';
import { signedIn } from '../../support/factories.ts';
import { makeChannel } from '../../support/factories-crm.ts';
import { makeCustomer, uniquePhone } from '../../support/factories-workshop.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
let pbx: { id: string; token: string };
let owner: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  station = await startTestStation();
  owner = await signedIn(station, 'owner');
  const created = await owner.client.post('/api/crm/pbx', { name: 'Office Asterisk', kind: 'asterisk' });
  expect(created.status).toBe(201);
  pbx = created.body;
});
afterAll(async () => {
  await station?.close();
});

const pbxClient = () => new ApiClient(station.baseUrl, { authorization: `Bearer ${pbx.token}` });

describe('the PBX webhook', () => {
  it('needs the PBX token', async () => {
    const body = {
      callId: 'x1',
      direction: 'in',
      from: '+79161234567',
      to: '+74951234567',
      startedAt: new Date().toISOString(),
      status: 'answered',
    };
    expect((await new ApiClient(station.baseUrl).post('/api/pbx/calls', body)).status).toBe(401);
    expect(
      (
        await new ApiClient(station.baseUrl, { authorization: 'Bearer ' + 'x'.repeat(43) }).post(
          '/api/pbx/calls',
          body,
        )
      ).status,
    ).toBe(401);
    // A person's session is not a PBX token either.
    expect((await owner.client.post('/api/pbx/calls', body)).status).toBe(401);
  });

  it('records an answered call: customer found by number, channel by the tracking number, manager by extension; a retry updates the same call', async () => {
    const advisor = await signedIn(station, 'advisor');
    const phone = uniquePhone();
    const customer = await makeCustomer(station, { phones: [phone] });
    const channel = await makeChannel(station, 'Radio');
    expect(
      (
        await owner.client.put('/api/crm/tracking-numbers', {
          number: '+7 495 765-43-21',
          channelId: channel.id,
        })
      ).status,
    ).toBe(200);
    expect(
      (await owner.client.put('/api/crm/pbx-extensions', { extension: '101', userId: advisor.user.id }))
        .status,
    ).toBe(200);
    const body = {
      callId: '1773126000.18',
      direction: 'in',
      from: phone.slice(1),
      to: '74957654321',
      extension: '101',
      startedAt: '2026-03-10T07:00:00Z',
      answeredAt: '2026-03-10T07:00:09Z',
      endedAt: '2026-03-10T07:01:42Z',
      status: 'answered',
    };
    const first = await pbxClient().post('/api/pbx/calls', body);
    expect(first.status).toBe(201);
    const retry = await pbxClient().post('/api/pbx/calls', { ...body, recording: '2026/03/10/rec.wav' });
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);
    const call = await advisor.client.get(`/api/crm/calls/${first.body.id}`);
    expect(call.body).toMatchObject({
      direction: 'in',
      phone,
      line: '+74957654321',
      customer: { id: customer.id },
      channel: { id: channel.id, name: 'Radio' },
      manager: { id: advisor.user.id },
      status: 'customer',
      missed: false,
      durationSeconds: 93,
      ringSeconds: 9,
      recordingRef: '2026/03/10/rec.wav',
    });
    const bad = await pbxClient().post('/api/pbx/calls', { ...body, status: 'lost' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('status');
  });

  it('a missed call creates a deal and a call-back task; a second missed call adds no second task', async () => {
    const phone = uniquePhone();
    const report = (id: string) => ({
      callId: id,
      direction: 'in',
      from: phone,
      to: '+74950000000',
      startedAt: new Date().toISOString(),
      status: 'missed',
    });
    const first = await pbxClient().post('/api/pbx/calls', report(`m-${phone}`));
    const call = await owner.client.get(`/api/crm/calls/${first.body.id}`);
    expect(call.body).toMatchObject({
      missed: true,
      status: 'potential',
      customer: null,
      dealId: expect.any(String),
    });
    const deal = await owner.client.get(`/api/crm/deals/${call.body.dealId}`);
    expect(deal.body).toMatchObject({ title: `Missed call from ${phone}`, stage: { code: 'new_request' } });
    const tasks = await owner.client.get(`/api/crm/tasks?dealId=${deal.body.id}`);
    expect(tasks.body.items).toEqual([
      expect.objectContaining({
        title: 'Call back the missed call',
        rule: 'call.missed',
        callId: first.body.id,
      }),
    ]);
    const second = await pbxClient().post('/api/pbx/calls', report(`m2-${phone}`));
    const call2 = await owner.client.get(`/api/crm/calls/${second.body.id}`);
    expect(call2.body.dealId).toBe(deal.body.id);
    expect((await owner.client.get(`/api/crm/tasks?dealId=${deal.body.id}`)).body.total).toBe(1);
  });

  it('takes raw Asterisk AMI traffic and follows calls across requests', async () => {
    const transcript = readFileSync(
      path.join(import.meta.dirname, '../../unit/crm/fixtures/ami-inbound-answered.txt'),
      'utf8',
    );
    const cut = transcript.indexOf('Event: Hangup');
    const part1 = await pbxClient().post('/api/pbx/ami', { transcript: transcript.slice(0, cut) });
    expect(part1.body).toMatchObject({ events: 0, following: 1 });
    const part2 = await pbxClient().post('/api/pbx/ami', { transcript: transcript.slice(cut) });
    expect(part2.status).toBe(200);
    expect(part2.body.events).toBe(2);
    expect(new Set(part2.body.calls.map((c: { id: string }) => c.id)).size).toBe(1);
    const [row] = await station.deps.sequelize.query<{
      duration_seconds: number;
      recording_ref: string;
      started_at: Date;
    }>(
      `SELECT duration_seconds, recording_ref, started_at FROM crm_calls WHERE pbx_id = :pbx AND external_id = '1773126000.18'`,
      { type: QueryTypes.SELECT, replacements: { pbx: pbx.id } },
    );
    expect(row).toMatchObject({ duration_seconds: 93, recording_ref: expect.stringMatching(/\.wav$/) });
  });

  it('a revoked token stops working', async () => {
    const other = await owner.client.post('/api/crm/pbx', { name: 'Old PBX' });
    expect((await owner.client.post(`/api/crm/pbx/${other.body.id}/revoke`)).status).toBe(204);
    const client = new ApiClient(station.baseUrl, { authorization: `Bearer ${other.body.token}` });
    expect((await client.post('/api/pbx/calls', {})).status).toBe(401);
    expect((await owner.client.post(`/api/crm/pbx/${other.body.id}/revoke`)).status).toBe(409);
    const advisor = await signedIn(station, 'advisor');
    expect((await advisor.client.post('/api/crm/pbx', { name: 'x' })).status).toBe(403);
  });
});

describe('calls and walk-ins entered at the desk', () => {
  it('records an outgoing call with target group, outcome and complaint flag; a walk-in with its purpose', async () => {
    const { client, user } = await signedIn(station, 'advisor');
    const phone = uniquePhone();
    const customer = await makeCustomer(station, { phones: [phone], ownerId: user.id });
    const channel = await makeChannel(station);
    const out = await client.post('/api/crm/calls', {
      direction: 'out',
      phone,
      targetGroup: 'fleet',
      outcome: 'agreed on Friday',
      complaint: true,
      durationSeconds: 120,
      channelId: channel.id,
    });
    expect(out.status).toBe(201);
    expect(out.body).toMatchObject({
      kind: 'call',
      direction: 'out',
      customer: { id: customer.id },
      manager: { id: user.id },
      targetGroup: 'fleet',
      complaint: true,
      durationSeconds: 120,
    });
    const walkIn = await client.post('/api/crm/calls', {
      kind: 'walk_in',
      phone: uniquePhone(),
      purpose: 'Tyre change price',
      createDeal: true,
    });
    expect(walkIn.body).toMatchObject({
      kind: 'walk_in',
      direction: null,
      purpose: 'Tyre change price',
      dealId: expect.any(String),
      status: 'potential',
    });
    const list = await client.get('/api/crm/calls?kind=walk_in');
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(walkIn.body.id);
    const patched = await client.patch(`/api/crm/calls/${out.body.id}`, {
      status: 'directed',
      outcome: 'wrong department',
    });
    expect(patched.body).toMatchObject({ status: 'directed', outcome: 'wrong department' });
    expect((await client.patch(`/api/crm/calls/${out.body.id}`, {})).status).toBe(400);
    expect((await client.post('/api/crm/calls', { phone: '123' })).body.error.field).toBe('phone');
    expect((await client.post('/api/crm/calls', { status: 'angry' })).body.error.field).toBe('status');
    expect((await client.delete(`/api/crm/calls/${out.body.id}`, { reason: 'x' })).status).toBe(403);
    expect((await owner.client.delete(`/api/crm/calls/${out.body.id}`, { reason: 'test call' })).status).toBe(
      204,
    );
    expect((await client.get(`/api/crm/calls/${out.body.id}`)).status).toBe(404);
  });
});
