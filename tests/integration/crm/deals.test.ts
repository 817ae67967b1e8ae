import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../support/api-client.ts';
import { signedIn } from '../../support/factories.ts';
import { makeCampaign, makeChannel, makeDeal, stageIds } from '../../support/factories-crm.ts';
import { makeCustomer, makeOrder, makeVehicle } from '../../support/factories-workshop.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
let stages: Record<string, string>;
beforeAll(async () => {
  station = await startTestStation();
  stages = await stageIds(station);
});
afterAll(async () => {
  await station?.close();
});

async function lostReasonId(client: ApiClient): Promise<string> {
  const res = await client.get('/api/crm/lost-reasons');
  return res.body.items[0].id;
}

describe('deals', () => {
  it('creates a deal in the first stage with customer, car, owner, source and expected amount', async () => {
    const { client, user } = await signedIn(station, 'advisor');
    const customer = await makeCustomer(station, { ownerId: user.id });
    const vehicle = await makeVehicle(station, customer.id, { make: 'Kia' });
    const channel = await makeChannel(station);
    const campaign = await makeCampaign(station, channel.id);
    const res = await client.post('/api/crm/deals', {
      title: 'Timing belt',
      customerId: customer.id,
      vehicleId: vehicle.id,
      campaignId: campaign.id,
      expectedMinor: 1_500_000,
      jobKind: 'engine',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      number: expect.stringMatching(/^D-\d{6}$/),
      title: 'Timing belt',
      stage: { code: 'new_request' },
      status: 'open',
      customer: { id: customer.id },
      vehicle: { id: vehicle.id, make: 'Kia' },
      owner: { id: user.id },
      source: { channel: { id: channel.id }, campaign: { id: campaign.id } },
      expectedMinor: 1_500_000,
      jobKind: 'engine',
      history: [{ from: null, to: 'new_request', cause: 'created' }],
    });
  });

  it('refuses bad input naming the field, strangers, and roles without the CRM', async () => {
    const { client } = await signedIn(station, 'advisor');
    const customer = await makeCustomer(station);
    const other = await makeCustomer(station);
    const vehicle = await makeVehicle(station, other.id);
    const channel = await makeChannel(station);
    const otherChannel = await makeChannel(station);
    const campaign = await makeCampaign(station, otherChannel.id);
    const cases: Array<[unknown, string]> = [
      [{}, 'title'],
      [{ title: '  ' }, 'title'],
      [{ title: 'x', expectedMinor: -1 }, 'expectedMinor'],
      [{ title: 'x', customerId: 'nope' }, 'customerId'],
      [{ title: 'x', customerId: customer.id, vehicleId: vehicle.id }, 'vehicleId'],
      [{ title: 'x', channelId: channel.id, campaignId: campaign.id }, 'campaignId'],
      [{ title: 'x', stageId: stages.won }, 'stageId'],
      [{ title: 'x', surprise: 1 }, 'surprise'],
    ];
    for (const [body, field] of cases) {
      const res = await client.post('/api/crm/deals', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.field, JSON.stringify(body)).toBe(field);
    }
    expect((await new ApiClient(station.baseUrl).get('/api/crm/kanban')).status).toBe(401);
    const mechanic = await signedIn(station, 'mechanic');
    expect((await mechanic.client.get('/api/crm/kanban')).status).toBe(403);
    expect((await mechanic.client.post('/api/crm/deals', { title: 'x' })).status).toBe(403);
    expect((await client.get(`/api/crm/deals/${crypto.randomUUID()}`)).status).toBe(404);
  });

  it('kanban: counts and sums per stage, age in stage, filters by owner, source, make and age', async () => {
    const manager = await signedIn(station, 'manager');
    const a = await signedIn(station, 'advisor');
    const channel = await makeChannel(station);
    const customer = await makeCustomer(station);
    const bmw = await makeVehicle(station, customer.id, { make: 'BMW' });
    await makeDeal(station, {
      title: 'K1',
      ownerId: a.user.id,
      channelId: channel.id,
      expectedMinor: 100_000,
    });
    await makeDeal(station, {
      title: 'K2',
      ownerId: a.user.id,
      expectedMinor: 250_000,
      stageId: stages.agreeing,
    });
    await makeDeal(station, {
      title: 'K3',
      ownerId: manager.user.id,
      customerId: customer.id,
      vehicleId: bmw.id,
      expectedMinor: 40_000,
    });

    const mine = await manager.client.get(`/api/crm/kanban?ownerId=${a.user.id}`);
    expect(mine.status).toBe(200);
    const byCode = Object.fromEntries(mine.body.stages.map((s: { code: string }) => [s.code, s]));
    expect(mine.body.stages.map((s: { code: string }) => s.code)).toEqual([
      'new_request',
      'agreeing',
      'parts_ordered',
      'awaiting_arrival',
      'in_work',
      'ready',
      'won',
      'lost',
    ]);
    expect(byCode.new_request).toMatchObject({ count: 1, sumMinor: 100_000 });
    expect(byCode.agreeing).toMatchObject({ count: 1, sumMinor: 250_000 });
    expect(byCode.new_request.deals[0]).toMatchObject({
      title: 'K1',
      ageInStageSeconds: expect.any(Number),
      openTasks: 0,
    });

    const bySource = await manager.client.get(`/api/crm/kanban?channelId=${channel.id}`);
    expect(bySource.body.stages.reduce((n: number, s: { count: number }) => n + s.count, 0)).toBe(1);
    const byMake = await manager.client.get('/api/crm/kanban?make=bmw');
    expect(byMake.body.stages[0].deals.map((d: { title: string }) => d.title)).toEqual(['K3']);
    // The car's make is followed when the workshop changes it.
    expect((await manager.client.patch(`/api/vehicles/${bmw.id}`, { make: 'Audi' })).status).toBe(200);
    const byNewMake = await manager.client.get('/api/crm/kanban?make=AUDI');
    expect(byNewMake.body.stages[0].deals.map((d: { title: string }) => d.title)).toEqual(['K3']);
    const old = await manager.client.get('/api/crm/kanban?minAgeDays=1');
    expect(old.body.stages.every((s: { count: number }) => s.count === 0)).toBe(true);
    expect((await manager.client.get('/api/crm/kanban?perStage=0')).status).toBe(400);
    expect((await manager.client.get('/api/crm/kanban?pipelineId=x')).body.error.field).toBe('pipelineId');

    const list = await manager.client.get(`/api/crm/deals?ownerId=${a.user.id}&sort=amount`);
    expect(list.body).toMatchObject({ total: 2, sumMinor: 350_000 });
    expect(list.body.items.map((d: { title: string }) => d.title)).toEqual(['K2', 'K1']);
  });

  it('moves by hand with history and audit; 409 on invalid moves; lost needs a reason', async () => {
    const { client } = await signedIn(station, 'manager');
    const deal = await makeDeal(station, {});
    const moved = await client.post(`/api/crm/deals/${deal.id}/move`, {
      stageId: stages.agreeing,
      note: 'called',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.stage.code).toBe('agreeing');
    expect(moved.body.history.at(-1)).toMatchObject({
      from: 'new_request',
      to: 'agreeing',
      cause: 'manual',
      note: 'called',
    });

    const same = await client.post(`/api/crm/deals/${deal.id}/move`, { stageId: stages.agreeing });
    expect(same.status).toBe(409);
    expect(same.body.error.details.problem).toBe('same_stage');

    const otherPipeline = await client.post('/api/crm/pipelines', {
      name: 'Body shop',
      stages: [
        { code: 'estimate', name: 'Estimate' },
        { code: 'won', name: 'Won', kind: 'won' },
        { code: 'lost', name: 'Lost', kind: 'lost' },
      ],
    });
    expect(otherPipeline.status).toBe(201);
    const foreign = await client.post(`/api/crm/deals/${deal.id}/move`, {
      stageId: otherPipeline.body.stages[0].id,
    });
    expect(foreign.status).toBe(409);
    expect(foreign.body.error.details.problem).toBe('other_pipeline');

    const noReason = await client.post(`/api/crm/deals/${deal.id}/move`, { stageId: stages.lost });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('lostReasonId');
    const reasonId = await lostReasonId(client);
    const lost = await client.post(`/api/crm/deals/${deal.id}/move`, {
      stageId: stages.lost,
      lostReasonId: reasonId,
      lostNote: 'too dear',
    });
    expect(lost.body).toMatchObject({
      status: 'lost',
      lost: { reasonId, note: 'too dear' },
      closedAt: expect.any(String),
    });

    const closed = await client.post(`/api/crm/deals/${deal.id}/move`, { stageId: stages.agreeing });
    expect(closed.status).toBe(409);
    expect(closed.body.error.details.problem).toBe('closed');
    const reopened = await client.post(`/api/crm/deals/${deal.id}/reopen`, { stageId: stages.agreeing });
    expect(reopened.body).toMatchObject({ status: 'open', lost: null, stage: { code: 'agreeing' } });
    expect((await client.post(`/api/crm/deals/${deal.id}/reopen`, {})).status).toBe(409);

    const audit = await station.deps.sequelize.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity_type = 'deal' AND entity_id = :id ORDER BY at`,
      { type: QueryTypes.SELECT, replacements: { id: deal.id } },
    );
    expect(audit.map((a) => a.action)).toEqual(['deal.created', 'deal.moved', 'deal.moved', 'deal.reopened']);
    // The stage history is append-only in the database itself.
    await expect(
      station.deps.sequelize.query(`UPDATE deal_stage_history SET note = 'x' WHERE deal_id = :id`, {
        replacements: { id: deal.id },
      }),
    ).rejects.toThrow(/append-only/);
  });

  it('own scope: a manager with scope "own" sees and changes only their deals (403 otherwise)', async () => {
    const own = await signedIn(station, 'manager', { scope: 'own' });
    const other = await signedIn(station, 'manager');
    const theirs = await makeDeal(station, { ownerId: other.user.id });
    const mine = await makeDeal(station, { ownerId: own.user.id });
    expect((await own.client.get(`/api/crm/deals/${theirs.id}`)).status).toBe(403);
    expect(
      (await own.client.post(`/api/crm/deals/${theirs.id}/move`, { stageId: stages.agreeing })).status,
    ).toBe(403);
    expect((await own.client.patch(`/api/crm/deals/${theirs.id}`, { title: 'x' })).status).toBe(403);
    expect((await own.client.get(`/api/crm/deals/${mine.id}`)).status).toBe(200);
    const list = await own.client.get('/api/crm/deals');
    expect(list.body.items.every((d: { owner: { id: string } }) => d.owner.id === own.user.id)).toBe(true);
    const kanban = await own.client.get(`/api/crm/kanban?ownerId=${other.user.id}`);
    expect(kanban.body.stages[0].deals.map((d: { id: string }) => d.id)).toEqual([mine.id]);
    const created = await own.client.post('/api/crm/deals', { title: 'x', ownerId: other.user.id });
    expect(created.status).toBe(403);
    const stranger = await makeCustomer(station, { ownerId: other.user.id });
    expect((await own.client.post('/api/crm/deals', { title: 'x', customerId: stranger.id })).status).toBe(
      403,
    );
  });

  it('links orders and appointments (one deal each) and updates fields with an audit', async () => {
    const { client, user } = await signedIn(station, 'manager');
    const { order, customer, vehicle } = await makeOrder(station);
    const deal = await makeDeal(station, { customerId: customer!.id });
    const other = await makeDeal(station, { customerId: customer!.id });
    // The order was opened before the deals: nothing linked it.
    const linked = await client.post(`/api/crm/deals/${deal.id}/links`, { orderId: order.id });
    expect(linked.status).toBe(200);
    expect(linked.body.orders.map((o: { id: string }) => o.id)).toEqual([order.id]);
    // The deal had no car: it takes the order's.
    expect(linked.body.vehicle.id).toBe(vehicle!.id);
    const again = await client.post(`/api/crm/deals/${other.id}/links`, { orderId: order.id });
    expect(again.status).toBe(409);
    expect(again.body.error.field).toBe('orderId');
    expect((await client.post(`/api/crm/deals/${deal.id}/links`, {})).status).toBe(400);

    const patched = await client.patch(`/api/crm/deals/${deal.id}`, {
      title: 'Brakes',
      expectedMinor: 90_000,
      ownerId: user.id,
    });
    expect(patched.body).toMatchObject({ title: 'Brakes', expectedMinor: 90_000, owner: { id: user.id } });
  });

  it('soft delete: only with crm.delete, with a reason, audited, and gone from lists', async () => {
    const advisor = await signedIn(station, 'advisor');
    const manager = await signedIn(station, 'manager');
    const deal = await makeDeal(station, { title: 'To delete', ownerId: advisor.user.id });
    expect((await advisor.client.delete(`/api/crm/deals/${deal.id}`, { reason: 'duplicate' })).status).toBe(
      403,
    );
    expect((await manager.client.delete(`/api/crm/deals/${deal.id}`, {})).body.error.field).toBe('reason');
    expect((await manager.client.delete(`/api/crm/deals/${deal.id}`, { reason: 'duplicate' })).status).toBe(
      204,
    );
    expect((await manager.client.delete(`/api/crm/deals/${deal.id}`, { reason: 'again' })).status).toBe(409);
    const list = await manager.client.get(`/api/crm/deals?ownerId=${advisor.user.id}`);
    expect(list.body.items.map((d: { id: string }) => d.id)).not.toContain(deal.id);
    const kept = await manager.client.get(`/api/crm/deals/${deal.id}`);
    expect(kept.body.deleted).toMatchObject({ reason: 'duplicate' });
    const [audit] = await station.deps.sequelize.query<{ after: { reason: string }; actor_id: string }>(
      `SELECT after, actor_id FROM audit_log WHERE action = 'deal.deleted' AND entity_id = :id`,
      { type: QueryTypes.SELECT, replacements: { id: deal.id } },
    );
    expect(audit).toMatchObject({ after: { reason: 'duplicate' }, actor_id: manager.user.id });
  });
});
