import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../../support/factories.ts';
import { makeDeal } from '../../support/factories-crm.ts';
import { makeCustomer } from '../../support/factories-workshop.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
beforeAll(async () => {
  station = await startTestStation();
});
afterAll(async () => {
  await station?.close();
});

describe('CRM configuration', () => {
  it('pipelines and stages: add, rename, reorder, retire (not while deals sit in it)', async () => {
    const { client } = await signedIn(station, 'owner');
    const created = await client.post('/api/crm/pipelines', {
      name: 'Tyres',
      stages: [
        { code: 'request', name: 'Request' },
        { code: 'won', name: 'Won', kind: 'won' },
        { code: 'lost', name: 'Lost', kind: 'lost' },
      ],
    });
    expect(created.status).toBe(201);
    const added = await client.post(`/api/crm/pipelines/${created.body.id}/stages`, {
      code: 'fitting',
      name: 'Fitting',
      position: 1,
    });
    expect(added.body.stages.map((s: { code: string }) => s.code)).toEqual([
      'request',
      'fitting',
      'won',
      'lost',
    ]);
    expect(
      (await client.post(`/api/crm/pipelines/${created.body.id}/stages`, { code: 'fitting', name: 'Again' }))
        .status,
    ).toBe(409);
    expect(
      (await client.post(`/api/crm/pipelines/${created.body.id}/stages`, { code: 'Bad Code', name: 'x' }))
        .body.error.field,
    ).toBe('code');
    const fitting = added.body.stages[1];
    expect(
      (await client.patch(`/api/crm/stages/${fitting.id}`, { position: 0, name: 'Tyre fitting' })).status,
    ).toBe(204);
    const deal = await makeDeal(station, { pipelineId: created.body.id, stageId: fitting.id });
    const retire = await client.patch(`/api/crm/stages/${fitting.id}`, { active: false });
    expect(retire.status).toBe(409);
    const list = await client.get('/api/crm/pipelines');
    const tyres = list.body.items.find((p: { id: string }) => p.id === created.body.id);
    expect(tyres.stages.map((s: { name: string }) => s.name)).toEqual([
      'Tyre fitting',
      'Request',
      'Won',
      'Lost',
    ]);
    const kanban = await client.get(`/api/crm/kanban?pipelineId=${created.body.id}`);
    expect(kanban.body.stages[0]).toMatchObject({ code: 'fitting', count: 1 });
    expect(kanban.body.stages[0].deals[0].id).toBe(deal.id);
    const noWon = await client.post('/api/crm/pipelines', {
      name: 'x',
      stages: [
        { code: 'a', name: 'A' },
        { code: 'b', name: 'B' },
      ],
    });
    expect(noWon.body.error.field).toBe('stages');
  });

  it('lost reasons, task rules and settings; advisors may read but not change them', async () => {
    const owner = await signedIn(station, 'owner');
    const advisor = await signedIn(station, 'advisor');
    const reason = await owner.client.post('/api/crm/lost-reasons', { name: 'Waiting too long' });
    expect(reason.status).toBe(201);
    expect((await owner.client.post('/api/crm/lost-reasons', { name: 'waiting too long' })).status).toBe(409);
    expect(
      (await owner.client.patch(`/api/crm/lost-reasons/${reason.body.id}`, { active: false })).status,
    ).toBe(204);
    expect((await advisor.client.post('/api/crm/lost-reasons', { name: 'x' })).status).toBe(403);
    expect((await owner.client.put('/api/crm/task-rules/lead.website', { dueMinutes: 10 })).status).toBe(204);
    expect(
      (await owner.client.put('/api/crm/task-rules/lead.website', { idleDays: 3 })).body.error.field,
    ).toBe('idleDays');
    expect(
      (await owner.client.put('/api/crm/task-rules/lead.walk_in', { active: true })).body.error.field,
    ).toBe('title');
    expect(
      (await owner.client.put('/api/crm/task-rules/lead.walk_in', { title: 'Greet', dueMinutes: 0 })).status,
    ).toBe(204);
    expect((await owner.client.put('/api/crm/task-rules/sunset', { title: 'x' })).status).toBe(400);
    const rules = await advisor.client.get('/api/crm/task-rules');
    expect(rules.body.items.find((r: { trigger: string }) => r.trigger === 'lead.website').dueMinutes).toBe(
      10,
    );
    expect((await advisor.client.patch('/api/crm/settings', { escalationDelaySeconds: 60 })).status).toBe(
      403,
    );
    expect((await owner.client.patch('/api/crm/settings', {})).status).toBe(400);
    expect(
      (await owner.client.patch('/api/crm/settings', { defaultSupervisorId: crypto.randomUUID() })).body.error
        .field,
    ).toBe('defaultSupervisorId');
    const loyalty = {
      pointValueMinor: 100,
      redeemCapBp: 2000,
      tierWindowMonths: 12,
      tiers: [{ code: 'gold', name: 'Gold', minSpendMinor: 10, earnRateBp: 100 }],
    };
    expect((await owner.client.patch('/api/crm/settings', { loyaltyRules: loyalty })).body.error.field).toBe(
      'loyaltyRules.tiers',
    );
    const ok = await owner.client.patch('/api/crm/settings', {
      escalationDelaySeconds: 900,
      serviceDueAction: 'invitation',
    });
    expect(ok.body).toMatchObject({ escalationDelaySeconds: 900, serviceDueAction: 'invitation' });
  });
});

describe('handing over a departing employee’s work', () => {
  it('moves their customers, deals and open tasks to another user in one audited command', async () => {
    const owner = await signedIn(station, 'owner');
    const leaving = await signedIn(station, 'advisor');
    const staying = await signedIn(station, 'advisor');
    const customers = [
      await makeCustomer(station, { ownerId: leaving.user.id }),
      await makeCustomer(station, { ownerId: leaving.user.id }),
    ];
    const deal = await makeDeal(station, { ownerId: leaving.user.id, customerId: customers[0]!.id });
    const task = await leaving.client.post('/api/crm/tasks', {
      title: 'x',
      dealId: deal.id,
      dueAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    const body = { fromUserId: leaving.user.id, toUserId: staying.user.id, reason: 'left the company' };
    expect((await leaving.client.post('/api/crm/hand-over', body)).status).toBe(403);
    expect(
      (await owner.client.post('/api/crm/hand-over', { ...body, toUserId: leaving.user.id })).body.error
        .field,
    ).toBe('toUserId');
    const res = await owner.client.post('/api/crm/hand-over', body);
    expect(res.body).toEqual({ customers: 2, deals: 1, tasks: 1 });
    const [c] = await station.deps.sequelize.query<{ n: string }>(
      `SELECT count(*) AS n FROM customers WHERE owner_id = :id`,
      {
        type: QueryTypes.SELECT,
        replacements: { id: staying.user.id },
      },
    );
    expect(Number(c!.n)).toBe(2);
    expect((await staying.client.get(`/api/crm/deals/${deal.id}`)).body.owner.id).toBe(staying.user.id);
    expect((await staying.client.get(`/api/crm/tasks/${task.body.id}`)).body.assignee.id).toBe(
      staying.user.id,
    );
    const audit = await owner.client.get(`/api/audit?entityType=user&entityId=${leaving.user.id}`);
    expect(JSON.stringify(audit.body)).toContain('crm.handed_over');
  });
});
