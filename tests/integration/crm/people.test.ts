import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, signedIn } from '../../support/factories.ts';
import { ApiClient } from '../../support/api-client.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
beforeAll(async () => {
  station = await startTestStation();
});
afterAll(async () => {
  await station?.close();
});

describe('GET /api/crm/people', () => {
  it('lists the active people with their supervisor, for anyone who reads the CRM', async () => {
    const { client: owner, user: ownerUser } = await signedIn(station, 'owner');
    const { client: advisor, user: advisorUser } = await signedIn(station, 'advisor');
    const mechanic = await makeUser(station, 'mechanic');
    const gone = await makeUser(station, 'manager');
    expect((await owner.patch(`/api/users/${gone.user.id}`, { active: false })).status).toBe(200);
    expect(
      (await owner.put(`/api/crm/supervisors/${advisorUser.id}`, { supervisorId: ownerUser.id })).status,
    ).toBe(200);

    const res = await advisor.get('/api/crm/people');
    expect(res.status).toBe(200);
    const ids = res.body.items.map((p: { id: string }) => p.id);
    expect(ids).toContain(ownerUser.id);
    expect(ids).not.toContain(mechanic.user.id);
    expect(ids).not.toContain(gone.user.id);
    expect(res.body.items.find((p: { id: string }) => p.id === advisorUser.id)).toEqual({
      id: advisorUser.id,
      name: advisorUser.displayName,
      role: 'advisor',
      supervisorId: ownerUser.id,
    });
  });

  it('is refused without a session (401) and without crm.read (403)', async () => {
    expect((await new ApiClient(station.baseUrl).get('/api/crm/people')).status).toBe(401);
    const { client } = await signedIn(station, 'mechanic');
    expect((await client.get('/api/crm/people')).status).toBe(403);
  });
});
