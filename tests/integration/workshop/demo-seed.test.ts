import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../support/api-client.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
beforeAll(async () => {
  station = await startTestStation({ env: { PITWALL_DEMO: '1' } });
});
afterAll(async () => {
  await station?.close();
});

describe('the demo workshop', () => {
  it('seeds customers with cars, orders in every status with cars on lifts, today’s bookings and canned jobs', async () => {
    expect(station.demoSeeded).toBe(true);
    const client = new ApiClient(station.baseUrl);
    expect(
      (await client.post('/api/auth/login', { login: 'advisor', password: 'pitwall-demo' })).status,
    ).toBe(200);
    const statuses = await station.deps.sequelize.query<{ status: string; n: string }>(
      `SELECT status, count(*) AS n FROM repair_orders GROUP BY status`,
      { type: QueryTypes.SELECT },
    );
    expect(statuses.map((s) => s.status).sort()).toEqual([
      'approved',
      'closed',
      'done',
      'estimate',
      'handed_over',
      'in_work',
    ]);
    const onLifts = await station.deps.sequelize.query(
      `SELECT * FROM lift_placements WHERE removed_at IS NULL`,
      { type: QueryTypes.SELECT },
    );
    expect(onLifts).toHaveLength(3);
    const today = await client.get('/api/schedule/day');
    expect(
      today.body.lifts.flatMap((l: { appointments: unknown[] }) => l.appointments).length,
    ).toBeGreaterThanOrEqual(6);
    expect((await client.get('/api/canned-jobs')).body.total).toBe(4);
    const search = await client.get('/api/customers?q=7774129');
    expect(search.body.items[0].name).toBe('Дмитрий Орлов');
  });
});
