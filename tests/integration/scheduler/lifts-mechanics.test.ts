import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMechanic, signedIn } from '../../support/factories.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';
import { ApiClient } from '../../support/api-client.ts';

let station: TestStation;
beforeAll(async () => {
  station = await startTestStation();
});
afterAll(async () => {
  await station?.close();
});

describe('lifts', () => {
  it('managers create, change and delete lifts with the job kinds they take', async () => {
    const { client } = await signedIn(station, 'manager');
    const created = await client.post('/api/lifts', {
      code: 'A1',
      name: 'Alignment stand',
      kind: 'alignment',
      jobKinds: ['Alignment', 'tyres', 'tyres'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code: 'A1',
      kind: 'alignment',
      status: 'working',
      jobKinds: ['alignment', 'tyres'],
    });
    const id = created.body.id;
    expect((await client.post('/api/lifts', { code: 'A1', name: 'Again', kind: 'pit' })).status).toBe(409);
    const broken = await client.patch(`/api/lifts/${id}`, { status: 'out_of_order' });
    expect(broken.body.status).toBe('out_of_order');
    expect((await client.get('/api/lifts')).body.map((l: { id: string }) => l.id)).toContain(id);
    expect((await client.get(`/api/lifts/${id}`)).body.name).toBe('Alignment stand');
    for (const [body, field] of [
      [{ code: 'bad code!', name: 'x', kind: 'pit' }, 'code'],
      [{ code: 'B1', name: '', kind: 'pit' }, 'name'],
      [{ code: 'B1', name: 'x', kind: 'hovercraft' }, 'kind'],
      [{ code: 'B1', name: 'x', kind: 'pit', jobKinds: ['Not a slug'] }, 'jobKinds.0'],
    ] as const) {
      const res = await client.post('/api/lifts', body);
      expect(res.status).toBe(400);
      expect(res.body.error.field).toBe(field);
    }
    expect((await client.delete(`/api/lifts/${id}`)).status).toBe(204);
    expect((await client.get(`/api/lifts/${id}`)).status).toBe(404);
    expect((await client.patch(`/api/lifts/${id}`, { name: 'x' })).status).toBe(404);
  });

  it('only lifts.manage may change lifts; a signed-out caller is 401', async () => {
    const advisor = await signedIn(station, 'advisor');
    expect((await advisor.client.get('/api/lifts')).status).toBe(200);
    expect((await advisor.client.post('/api/lifts', { code: 'Z1', name: 'x', kind: 'pit' })).status).toBe(
      403,
    );
    const foreman = await signedIn(station, 'foreman');
    expect(
      (await foreman.client.post('/api/lifts', { code: 'Z1', name: 'Foreman lift', kind: 'pit' })).status,
    ).toBe(201);
    expect((await new ApiClient(station.baseUrl).get('/api/lifts')).status).toBe(401);
  });
});

describe('mechanics', () => {
  it('sets skills and weekly shifts in station-local time', async () => {
    const { client } = await signedIn(station, 'manager');
    const { staff } = await makeMechanic(station, { name: 'Skilled Mechanic' });
    const skills = await client.put(`/api/mechanics/${staff.id}/skills`, {
      skills: [{ skill: 'alignment', level: 3 }, { skill: 'engine' }],
    });
    expect(skills.status).toBe(200);
    expect(skills.body.skills).toEqual([
      { skill: 'alignment', level: 3 },
      { skill: 'engine', level: 2 },
    ]);
    const shifts = await client.put(`/api/mechanics/${staff.id}/shifts`, {
      shifts: [
        { weekday: 1, startsAt: '09:00', endsAt: '18:00' },
        { weekday: 2, startsAt: '08:30', endsAt: '17:00' },
      ],
    });
    expect(shifts.body.shifts).toEqual([
      { weekday: 1, startsAt: '09:00', endsAt: '18:00' },
      { weekday: 2, startsAt: '08:30', endsAt: '17:00' },
    ]);
    const list = await client.get('/api/mechanics');
    expect(list.body.find((m: { staffId: string }) => m.staffId === staff.id)).toMatchObject({
      fullName: 'Skilled Mechanic',
      skills: expect.any(Array),
    });
    for (const [body, field] of [
      [{ shifts: [{ weekday: 8, startsAt: '09:00', endsAt: '18:00' }] }, 'shifts.0.weekday'],
      [{ shifts: [{ weekday: 1, startsAt: '9am', endsAt: '18:00' }] }, 'shifts.0.startsAt'],
      [{ shifts: [{ weekday: 1, startsAt: '18:00', endsAt: '09:00' }] }, 'shifts.0.endsAt'],
      [
        {
          shifts: [
            { weekday: 1, startsAt: '08:00', endsAt: '09:00' },
            { weekday: 1, startsAt: '10:00', endsAt: '11:00' },
          ],
        },
        'shifts',
      ],
    ] as const) {
      const res = await client.put(`/api/mechanics/${staff.id}/shifts`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.field).toBe(field);
    }
    expect(
      (await client.put(`/api/mechanics/${staff.id}/skills`, { skills: [{ skill: 'x', level: 5 }] })).body
        .error.field,
    ).toBe('skills.0.level');
    expect(
      (await client.put('/api/mechanics/00000000-0000-4000-8000-000000000000/skills', { skills: [] })).status,
    ).toBe(404);
    const advisorStaff = await client.post('/api/staff', { fullName: 'Desk Person', position: 'advisor' });
    expect((await client.put(`/api/mechanics/${advisorStaff.body.id}/skills`, { skills: [] })).status).toBe(
      409,
    );
    const advisor = await signedIn(station, 'advisor');
    expect((await advisor.client.get('/api/mechanics')).status).toBe(200);
    expect((await advisor.client.put(`/api/mechanics/${staff.id}/skills`, { skills: [] })).status).toBe(403);
  });
});
