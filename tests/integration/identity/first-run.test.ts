import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../support/api-client.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let fresh: TestStation;
beforeAll(async () => {
  fresh = await startTestStation();
});
afterAll(async () => {
  await fresh?.close();
});

describe('first run', () => {
  it('creates the owner once, signs them in, and refuses a second time', async () => {
    const client = new ApiClient(fresh.baseUrl);
    expect((await client.get('/api/setup')).body).toMatchObject({
      needsOwner: true,
      defaultLocale: 'en',
      timezone: 'Europe/Moscow',
    });
    const weak = await client.post('/api/setup/owner', {
      login: 'boss',
      displayName: 'The Boss',
      password: 'boss',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.field).toBe('password');
    const res = await client.post('/api/setup/owner', {
      login: 'boss',
      displayName: 'The Boss',
      password: 'boss-password-1',
      stationName: 'Garage 7',
    });
    expect(res.status).toBe(201);
    expect(res.body.user.role).toBe('owner');
    expect(res.body.station.name).toBe('Garage 7');
    expect((await client.get('/api/auth/me')).status).toBe(200);
    const again = await new ApiClient(fresh.baseUrl).post('/api/setup/owner', {
      login: 'boss2',
      displayName: 'X',
      password: 'boss-password-1',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_set_up');
    expect((await client.get('/api/setup')).body).toMatchObject({
      needsOwner: false,
      stationName: 'Garage 7',
    });
  });

  it('the only owner cannot be deactivated or demoted, even by another administrator', async () => {
    const client = new ApiClient(fresh.baseUrl);
    const me = await client.post('/api/auth/login', { login: 'boss', password: 'boss-password-1' });
    const ownerId = me.body.user.id;
    const created = await client.post('/api/users', {
      login: 'second',
      displayName: 'Second',
      role: 'manager',
      password: 'second-password',
    });
    expect(created.status).toBe(201);
    const manager = new ApiClient(fresh.baseUrl);
    await manager.post('/api/auth/login', { login: 'second', password: 'second-password' });
    const demote = await manager.patch(`/api/users/${ownerId}`, { role: 'advisor' });
    expect(demote.status).toBe(403);
    const self = await client.patch(`/api/users/${ownerId}`, { role: 'manager' });
    expect(self.status).toBe(409);
  });
});
