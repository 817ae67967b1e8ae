import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEscalation, runIdleFollowUps } from '../../../server/src/modules/crm/index.ts';
import { signedIn } from '../../support/factories.ts';
import { captureEvents, makeDeal } from '../../support/factories-crm.ts';
import { makeCustomer } from '../../support/factories-workshop.ts';
import { TestClock } from '../../support/test-clock.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
const clock = new TestClock();
beforeAll(async () => {
  clock.set(new Date('2026-04-01T06:00:00Z')); // 09:00 in Moscow
  station = await startTestStation({ clock });
});
afterAll(async () => {
  await station?.close();
});

const inMinutes = (m: number) => new Date(clock.now().getTime() + m * 60_000).toISOString();

describe('tasks', () => {
  it('creates a task on a deal with a reminder; completes it with an outcome once', async () => {
    const { client, user } = await signedIn(station, 'advisor');
    const deal = await makeDeal(station, { ownerId: user.id });
    const res = await client.post('/api/crm/tasks', {
      title: 'Send the estimate',
      dealId: deal.id,
      dueAt: inMinutes(120),
      remindAt: inMinutes(90),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: 'Send the estimate',
      assignee: { id: user.id },
      deal: { id: deal.id },
      status: 'open',
      overdue: false,
    });
    const done = await client.post(`/api/crm/tasks/${res.body.id}/complete`, { outcome: 'Sent by e-mail' });
    expect(done.body).toMatchObject({
      status: 'done',
      outcome: 'Sent by e-mail',
      completedAt: expect.any(String),
    });
    expect((await client.post(`/api/crm/tasks/${res.body.id}/complete`, { outcome: 'again' })).status).toBe(
      409,
    );
    expect((await client.patch(`/api/crm/tasks/${res.body.id}`, { title: 'x' })).status).toBe(409);
  });

  it('refuses bad input naming the field', async () => {
    const { client } = await signedIn(station, 'advisor');
    const customer = await makeCustomer(station);
    const cases: Array<[unknown, string]> = [
      [{ dueAt: inMinutes(5), customerId: customer.id }, 'title'],
      [{ title: 'x', customerId: customer.id }, 'dueAt'],
      [{ title: 'x', dueAt: 'tomorrow', customerId: customer.id }, 'dueAt'],
      [{ title: 'x', dueAt: inMinutes(5) }, 'dealId'],
      [{ title: 'x', dueAt: inMinutes(5), dealId: crypto.randomUUID() }, 'dealId'],
      [{ title: 'x', dueAt: inMinutes(5), customerId: customer.id, remindAt: inMinutes(10) }, 'remindAt'],
      [
        { title: 'x', dueAt: inMinutes(5), customerId: customer.id, assigneeId: crypto.randomUUID() },
        'assigneeId',
      ],
    ];
    for (const [body, field] of cases) {
      const res = await client.post('/api/crm/tasks', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.field, JSON.stringify(body)).toBe(field);
    }
    expect((await client.get(`/api/crm/tasks/${crypto.randomUUID()}`)).status).toBe(404);
  });

  it('reminds, then notifies the assignee when overdue, then escalates to the supervisor after the delay; a new due time restarts the clock', async () => {
    const owner = await signedIn(station, 'owner');
    const advisor = await signedIn(station, 'advisor');
    const boss = await signedIn(station, 'manager');
    await owner.client.patch('/api/crm/settings', {
      escalationDelaySeconds: 600,
      defaultSupervisorId: boss.user.id,
    });
    const customer = await makeCustomer(station);
    const task = await advisor.client.post('/api/crm/tasks', {
      title: 'Call about the quote',
      customerId: customer.id,
      dueAt: inMinutes(30),
      remindAt: inMinutes(20),
    });
    const captured = captureEvents(station);
    clock.advance(21 * 60_000);
    expect(await runEscalation(station.deps)).toMatchObject({ reminded: 1, overdue: 0, escalated: 0 });
    clock.advance(10 * 60_000);
    expect(await runEscalation(station.deps)).toMatchObject({ reminded: 0, overdue: 1, escalated: 0 });
    clock.advance(10 * 60_000);
    expect(await runEscalation(station.deps)).toMatchObject({ escalated: 1 });
    expect(captured.events.filter((e) => e.taskId === task.body.id).map((e) => [e.type, e.userId])).toEqual([
      ['crm.task.reminder', advisor.user.id],
      ['crm.task.overdue', advisor.user.id],
      ['crm.task.escalated', boss.user.id],
    ]);
    const agenda = await boss.client.get('/api/crm/agenda');
    expect(agenda.body.escalated.map((t: { id: string }) => t.id)).toContain(task.body.id);
    // The advisor moves the call to later: the clock starts again.
    await advisor.client.patch(`/api/crm/tasks/${task.body.id}`, { dueAt: inMinutes(60) });
    const moved = await advisor.client.get(`/api/crm/tasks/${task.body.id}`);
    expect(moved.body).toMatchObject({ overdue: false, escalatedAt: null, escalatedTo: null });
    captured.stop();
  });

  it('a per-user supervisor wins over the station default', async () => {
    const owner = await signedIn(station, 'owner');
    const advisor = await signedIn(station, 'advisor');
    const lead = await signedIn(station, 'manager');
    expect(
      (await owner.client.put(`/api/crm/supervisors/${advisor.user.id}`, { supervisorId: lead.user.id }))
        .status,
    ).toBe(200);
    expect(
      (await owner.client.put(`/api/crm/supervisors/${advisor.user.id}`, { supervisorId: advisor.user.id }))
        .body.error.field,
    ).toBe('supervisorId');
    expect(
      (await advisor.client.put(`/api/crm/supervisors/${advisor.user.id}`, { supervisorId: lead.user.id }))
        .status,
    ).toBe(403);
    const customer = await makeCustomer(station);
    const task = await advisor.client.post('/api/crm/tasks', {
      title: 'x',
      customerId: customer.id,
      dueAt: inMinutes(1),
    });
    clock.advance(30 * 60_000);
    await runEscalation(station.deps);
    const after = await lead.client.get(`/api/crm/tasks/${task.body.id}`);
    expect(after.body.escalatedTo).toBe(lead.user.id);
  });

  it('the agenda: today and overdue of the person; own scope sees only their own', async () => {
    const { client, user } = await signedIn(station, 'advisor');
    const own = await signedIn(station, 'manager', { scope: 'own' });
    const customer = await makeCustomer(station);
    const late = await client.post('/api/crm/tasks', {
      title: 'late',
      customerId: customer.id,
      dueAt: inMinutes(-5),
    });
    const today = await client.post('/api/crm/tasks', {
      title: 'today',
      customerId: customer.id,
      dueAt: inMinutes(120),
    });
    const nextWeek = await client.post('/api/crm/tasks', {
      title: 'later',
      customerId: customer.id,
      dueAt: inMinutes(7 * 24 * 60),
    });
    const agenda = await client.get('/api/crm/agenda');
    expect(agenda.body.overdue.map((t: { id: string }) => t.id)).toContain(late.body.id);
    expect(agenda.body.today.map((t: { id: string }) => t.id)).toEqual([today.body.id]);
    expect(JSON.stringify(agenda.body)).not.toContain(nextWeek.body.id);
    expect((await own.client.get(`/api/crm/agenda?userId=${user.id}`)).status).toBe(403);
    expect((await own.client.get(`/api/crm/tasks/${late.body.id}`)).status).toBe(403);
    const list = await own.client.get('/api/crm/tasks');
    expect(list.body.total).toBe(0);
    expect((await client.get('/api/crm/agenda?date=01.04.2026')).body.error.field).toBe('date');
  });

  it('a deal idle for N days in a stage gets one follow-up task', async () => {
    const { user } = await signedIn(station, 'advisor');
    const deal = await makeDeal(station, { ownerId: user.id, title: 'Sleepy' });
    clock.advance(4 * 86_400_000);
    expect(await runIdleFollowUps(station.deps)).toBeGreaterThanOrEqual(1);
    expect(await runIdleFollowUps(station.deps)).toBe(0);
    const { client } = await signedIn(station, 'manager');
    const tasks = await client.get(`/api/crm/tasks?dealId=${deal.id}`);
    expect(tasks.body.items).toEqual([
      expect.objectContaining({ title: 'Follow up: the deal has not moved', rule: 'deal.idle' }),
    ]);
    expect(tasks.body.items[0].assignee.id).toBe(user.id);
  });

  it('soft delete of a task needs crm.delete and a reason', async () => {
    const advisor = await signedIn(station, 'advisor');
    const manager = await signedIn(station, 'manager');
    const customer = await makeCustomer(station);
    const task = await advisor.client.post('/api/crm/tasks', {
      title: 'oops',
      customerId: customer.id,
      dueAt: inMinutes(10),
    });
    expect((await advisor.client.delete(`/api/crm/tasks/${task.body.id}`, { reason: 'x' })).status).toBe(403);
    expect(
      (await manager.client.delete(`/api/crm/tasks/${task.body.id}`, { reason: 'created twice' })).status,
    ).toBe(204);
    expect((await manager.client.get(`/api/crm/tasks/${task.body.id}`)).status).toBe(404);
  });
});
