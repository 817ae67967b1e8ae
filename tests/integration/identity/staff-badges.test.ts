import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../../support/factories.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
beforeAll(async () => {
  station = await startTestStation();
});
afterAll(async () => {
  await station?.close();
});

describe('staff and badges', () => {
  it('creates a mechanic, assigns a badge typed with separators, replaces it and keeps the history', async () => {
    const { client } = await signedIn(station, 'manager');
    const created = await client.post('/api/staff', { fullName: 'Ivan Petrov', position: 'mechanic' });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const first = await client.put(`/api/staff/${id}/badge`, { uid: '04:a1:b2:c3:d4:e5:f6' });
    expect(first.status).toBe(200);
    expect(first.body.badge.uid).toBe('04A1B2C3D4E5F6');
    const second = await client.put(`/api/staff/${id}/badge`, { uid: '04A1B2C3D4E5F7' });
    expect(second.body.badge.uid).toBe('04A1B2C3D4E5F7');
    const history = await client.get(`/api/staff/${id}/badges`);
    expect(history.body).toHaveLength(2);
    expect(history.body[1]).toMatchObject({ uid: '04A1B2C3D4E5F6', revokedReason: 'replaced' });
    expect(history.body[0].revokedAt).toBeNull();
  });

  it('one badge belongs to one person: giving it to another is a 409 naming the holder', async () => {
    const { client } = await signedIn(station, 'foreman');
    const manager = await signedIn(station, 'manager');
    const a = await manager.client.post('/api/staff', { fullName: 'Holder One', position: 'mechanic' });
    const b = await manager.client.post('/api/staff', { fullName: 'Holder Two', position: 'mechanic' });
    expect((await client.put(`/api/staff/${a.body.id}/badge`, { uid: 'AABBCCDD' })).status).toBe(200);
    const clash = await client.put(`/api/staff/${b.body.id}/badge`, { uid: 'aa bb cc dd' });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: 'badge_in_use', field: 'uid' });
    expect(clash.body.error.message).toContain('Holder One');
  });

  it('revokes a badge with a reason; a revoked UID can be given to someone else', async () => {
    const { client } = await signedIn(station, 'manager');
    const a = await client.post('/api/staff', { fullName: 'Leaver', position: 'mechanic' });
    const b = await client.post('/api/staff', { fullName: 'Newcomer', position: 'mechanic' });
    await client.put(`/api/staff/${a.body.id}/badge`, { uid: '11223344' });
    const noReason = await client.delete(`/api/staff/${a.body.id}/badge`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('reason');
    const revoked = await client.delete(`/api/staff/${a.body.id}/badge`, { reason: 'lost' });
    expect(revoked.status).toBe(200);
    expect(revoked.body.badge).toBeNull();
    expect((await client.delete(`/api/staff/${a.body.id}/badge`, { reason: 'again' })).status).toBe(404);
    expect((await client.put(`/api/staff/${b.body.id}/badge`, { uid: '11223344' })).status).toBe(200);
  });

  it('refuses bad input and the wrong roles', async () => {
    const { client } = await signedIn(station, 'manager');
    const bad = await client.post('/api/staff', { fullName: '', position: 'mechanic' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('fullName');
    const pos = await client.post('/api/staff', { fullName: 'X', position: 'pilot' });
    expect(pos.body.error.field).toBe('position');
    const s = await client.post('/api/staff', { fullName: 'Y', position: 'mechanic' });
    const uid = await client.put(`/api/staff/${s.body.id}/badge`, { uid: 'XYZ' });
    expect(uid.status).toBe(400);
    expect(uid.body.error.field).toBe('uid');
    expect(
      (await client.put('/api/staff/00000000-0000-4000-8000-000000000000/badge', { uid: 'AABBCCDD' })).status,
    ).toBe(404);

    const advisor = await signedIn(station, 'advisor');
    expect((await advisor.client.get('/api/staff')).status).toBe(200);
    expect((await advisor.client.post('/api/staff', { fullName: 'Z', position: 'mechanic' })).status).toBe(
      403,
    );
    expect((await advisor.client.put(`/api/staff/${s.body.id}/badge`, { uid: 'AABBCCEE' })).status).toBe(403);
    const mechanic = await signedIn(station, 'mechanic');
    expect((await mechanic.client.get('/api/staff')).status).toBe(403);
  });

  it('links a staff record to a user only once', async () => {
    const { client } = await signedIn(station, 'manager');
    const advisor = await signedIn(station, 'advisor');
    const a = await client.post('/api/staff', {
      fullName: 'Desk A',
      position: 'advisor',
      userId: advisor.user.id,
    });
    expect(a.status).toBe(201);
    const b = await client.post('/api/staff', {
      fullName: 'Desk B',
      position: 'advisor',
      userId: advisor.user.id,
    });
    expect(b.status).toBe(409);
    expect(b.body.error.field).toBe('userId');
  });
});
