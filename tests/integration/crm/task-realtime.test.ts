import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runEscalation } from '../../../server/src/modules/crm/index.ts';
import { deskSockets } from '../../support/desk-socket.ts';
import { signedIn } from '../../support/factories.ts';
import { makeDeal } from '../../support/factories-crm.ts';
import { TestClock } from '../../support/test-clock.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
const clock = new TestClock();
const desks = deskSockets(() => station.baseUrl);

beforeAll(async () => {
  station = await startTestStation({ clock });
});
afterEach(() => desks.closeAll());
afterAll(async () => {
  await station?.close();
});

/** A signed-in desk's socket, with every crm.task delta it receives. */
const deskSocket = (cookie: string) => desks.open(cookie, 'crm.task');

async function until<T>(read: () => T | undefined, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('CRM task events on the realtime socket', () => {
  it('the assignee hears of a new, overdue and completed task; the supervisor of its escalation; others nothing', async () => {
    const supervisor = await signedIn(station, 'manager');
    const advisor = await signedIn(station, 'advisor');
    const bystander = await signedIn(station, 'advisor');
    expect(
      (
        await supervisor.client.put(`/api/crm/supervisors/${advisor.user.id}`, {
          supervisorId: supervisor.user.id,
        })
      ).status,
    ).toBe(200);
    expect((await supervisor.client.patch('/api/crm/settings', { escalationDelaySeconds: 0 })).status).toBe(
      200,
    );
    const advisorDeltas = await deskSocket(advisor.client.cookieHeader());
    const supervisorDeltas = await deskSocket(supervisor.client.cookieHeader());
    const bystanderDeltas = await deskSocket(bystander.client.cookieHeader());

    const deal = await makeDeal(station, { ownerId: advisor.user.id });
    const created = await advisor.client.post('/api/crm/tasks', {
      title: 'Call back',
      dealId: deal.id,
      dueAt: new Date(clock.now().getTime() + 60_000).toISOString(),
    });
    expect(created.status).toBe(201);
    const taskId = created.body.id as string;
    const first = await until(() => advisorDeltas.find((d) => d.event.type === 'crm.task'));
    expect(first.room).toBe(`user:${advisor.user.id}`);
    expect(first.event).toEqual({ type: 'crm.task', change: 'created', taskId });

    clock.advance(5 * 60_000);
    await runEscalation(station.deps, clock.now());
    await until(() => advisorDeltas.find((d) => d.event.type === 'crm.task' && d.event.change === 'overdue'));
    const escalated = await until(() =>
      supervisorDeltas.find((d) => d.event.type === 'crm.task' && d.event.change === 'escalated'),
    );
    expect(escalated.room).toBe(`user:${supervisor.user.id}`);
    expect(escalated.event).toMatchObject({ taskId });

    expect(
      (await advisor.client.post(`/api/crm/tasks/${taskId}/complete`, { outcome: 'Booked' })).status,
    ).toBe(200);
    await until(() =>
      advisorDeltas.find((d) => d.event.type === 'crm.task' && d.event.change === 'completed'),
    );
    expect(bystanderDeltas).toEqual([]);
  });
});
