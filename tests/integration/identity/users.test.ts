import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../support/api-client.ts';
import { signedIn } from '../../support/factories.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
beforeAll(async () => {
  station = await startTestStation();
});
afterAll(async () => {
  await station?.close();
});

describe('users', () => {
  it('a manager creates an advisor who can then sign in; the change is audited', async () => {
    const { client } = await signedIn(station, 'manager');
    const created = await client.post('/api/users', {
      login: 'Anna.S',
      displayName: 'Anna S',
      role: 'advisor',
      scope: 'own',
      locale: 'ru',
      password: 'anna-password-1',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      login: 'anna.s',
      role: 'advisor',
      scope: 'own',
      locale: 'ru',
      active: true,
    });
    expect(created.body).not.toHaveProperty('passwordHash');
    const anna = new ApiClient(station.baseUrl);
    expect(
      (await anna.post('/api/auth/login', { login: 'anna.s', password: 'anna-password-1' })).status,
    ).toBe(200);
    const audit = await client.get(`/api/audit?entityType=user&entityId=${created.body.id}`);
    expect(audit.body.items[0]).toMatchObject({ action: 'user.created', actorType: 'user' });
    expect(JSON.stringify(audit.body.items[0].after)).not.toContain('password');
  });

  it('refuses a taken login (409), a weak password and a bad role (400)', async () => {
    const { client, login } = await signedIn(station, 'manager');
    const taken = await client.post('/api/users', {
      login,
      displayName: 'X',
      role: 'advisor',
      password: 'long-enough-1',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.field).toBe('login');
    const weak = await client.post('/api/users', {
      login: 'weakling',
      displayName: 'X',
      role: 'advisor',
      password: 'short',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.field).toBe('password');
    const role = await client.post('/api/users', {
      login: 'someone',
      displayName: 'X',
      role: 'king',
      password: 'long-enough-1',
    });
    expect(role.status).toBe(400);
    expect(role.body.error.field).toBe('role');
  });

  it('a manager cannot create an owner; an owner can', async () => {
    const manager = await signedIn(station, 'manager');
    const res = await manager.client.post('/api/users', {
      login: 'newowner',
      displayName: 'X',
      role: 'owner',
      password: 'long-enough-1',
    });
    expect(res.status).toBe(403);
    const owner = await signedIn(station, 'owner');
    const ok = await owner.client.post('/api/users', {
      login: 'newowner',
      displayName: 'X',
      role: 'owner',
      password: 'long-enough-1',
    });
    expect(ok.status).toBe(201);
  });

  it('a mechanic or an advisor calling a manager route gets 403; nobody signed in gets 401', async () => {
    for (const role of ['mechanic', 'advisor', 'storekeeper'] as const) {
      const { client } = await signedIn(station, role);
      const res = await client.get('/api/users');
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect((await new ApiClient(station.baseUrl).get('/api/users')).status).toBe(401);
  });

  it('deactivating a user ends their sessions; the last owner cannot be demoted', async () => {
    const target = await signedIn(station, 'advisor');
    const manager = await signedIn(station, 'manager');
    const res = await manager.client.patch(`/api/users/${target.user.id}`, { active: false });
    expect(res.status).toBe(200);
    expect((await target.client.get('/api/auth/me')).status).toBe(401);
    expect(
      (await target.client.post('/api/auth/login', { login: target.login, password: target.password }))
        .status,
    ).toBe(401);

    const self = await manager.client.patch(`/api/users/${manager.user.id}`, { active: false });
    expect(self.status).toBe(409);
    expect(self.body.error.field).toBe('active');
  });

  it('lists with search and pagination; 404 for an unknown id; 400 for a malformed id or empty patch', async () => {
    const { client } = await signedIn(station, 'manager');
    const page = await client.get('/api/users?limit=2&offset=0');
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThan(2);
    const searched = await client.get('/api/users?q=anna');
    expect(searched.body.items.map((u: { login: string }) => u.login)).toContain('anna.s');
    expect((await client.get('/api/users/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const badId = await client.get('/api/users/not-an-id');
    expect(badId.status).toBe(400);
    expect(badId.body.error.field).toBe('id');
    const empty = await client.patch(`/api/users/00000000-0000-4000-8000-000000000000`, {});
    expect(empty.status).toBe(400);
    const badLimit = await client.get('/api/users?limit=5000');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.field).toBe('limit');
  });
});
