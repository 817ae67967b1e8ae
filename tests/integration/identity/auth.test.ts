import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../support/api-client.ts';
import { makeUser, signedIn } from '../../support/factories.ts';
import { TestClock } from '../../support/test-clock.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
const clock = new TestClock();

beforeAll(async () => {
  station = await startTestStation({ clock });
});
afterAll(async () => {
  await station?.close();
});

describe('sign-in', () => {
  it('signs in with the right password, sets an httpOnly cookie and answers /me', async () => {
    const { login, password } = await makeUser(station, 'advisor');
    const client = new ApiClient(station.baseUrl);
    const res = await client.post('/api/auth/login', { login: login.toUpperCase(), password });
    expect(res.status).toBe(200);
    expect(res.body.user.login).toBe(login);
    expect(res.body.permissions).toContain('orders.write');
    const cookie = res.headers.getSetCookie().join(';');
    expect(cookie).toMatch(/pitwall_session=/);
    expect(cookie.toLowerCase()).toContain('httponly');
    expect(cookie.toLowerCase()).toContain('samesite=lax');
    const me = await client.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.role).toBe('advisor');
  });

  it('refuses a wrong password and an unknown login with the same 401', async () => {
    const { login } = await makeUser(station, 'advisor');
    const client = new ApiClient(station.baseUrl);
    const wrong = await client.post('/api/auth/login', { login, password: 'not-the-password' });
    const unknown = await client.post('/api/auth/login', {
      login: 'nobody-here',
      password: 'not-the-password',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    expect(unknown.body).toEqual(wrong.body);
  });

  it('locks the account after five wrong passwords, even for the right one, and unlocks later', async () => {
    const { login, password } = await makeUser(station, 'advisor');
    const client = new ApiClient(station.baseUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await client.post('/api/auth/login', { login, password: 'wrong-password' })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const locked = await client.post('/api/auth/login', { login, password });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('locked_out');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    clock.advance(16 * 60_000);
    const later = await client.post('/api/auth/login', { login, password });
    expect(later.status).toBe(200);
  });

  it('names the field for missing, extra and ill-typed input', async () => {
    const client = new ApiClient(station.baseUrl);
    const missing = await client.post('/api/auth/login', { login: 'someone' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'validation_failed', field: 'password' });
    const extra = await client.post('/api/auth/login', { login: 'someone', password: 'x', admin: true });
    expect(extra.status).toBe(400);
    expect(extra.body.error.field).toBe('admin');
    const typed = await client.post('/api/auth/login', { login: 42, password: 'x' });
    expect(typed.status).toBe(400);
    expect(typed.body.error.field).toBe('login');
    const notJson = await client.request('POST', '/api/auth/login', '{"login":', {
      'content-type': 'application/json',
    });
    expect(notJson.status).toBe(400);
  });
});

describe('sessions', () => {
  it('needs a session for /me and refuses an expired one', async () => {
    const anonymous = await new ApiClient(station.baseUrl).get('/api/auth/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthenticated');

    const { client } = await signedIn(station, 'advisor');
    expect((await client.get('/api/auth/me')).status).toBe(200);
    clock.advance(13 * 3_600_000);
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });

  it('logout revokes the session server-side: the old cookie no longer works', async () => {
    const { client } = await signedIn(station, 'advisor');
    const stolenCookie = client.cookieHeader();
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    const replay = await new ApiClient(station.baseUrl).get('/api/auth/me', { cookie: stolenCookie });
    expect(replay.status).toBe(401);
  });

  it('an administrator can sign a user out everywhere', async () => {
    const target = await signedIn(station, 'advisor');
    const admin = await signedIn(station, 'manager');
    const res = await admin.client.post(`/api/users/${target.user.id}/revoke-sessions`);
    expect(res.status).toBe(200);
    expect(res.body.revoked).toBe(1);
    expect((await target.client.get('/api/auth/me')).status).toBe(401);
    const audit = await admin.client.get(`/api/audit?entityType=user&entityId=${target.user.id}`);
    expect(audit.status).toBe(200);
  });

  it('lists own sessions and changing the password ends the others', async () => {
    const made = await makeUser(station, 'advisor');
    const first = new ApiClient(station.baseUrl);
    const second = new ApiClient(station.baseUrl);
    await first.post('/api/auth/login', { login: made.login, password: made.password });
    await second.post('/api/auth/login', { login: made.login, password: made.password });
    const list = await first.get('/api/auth/sessions');
    expect(list.body).toHaveLength(2);
    expect(list.body.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const bad = await first.post('/api/auth/password', {
      currentPassword: 'nope-nope',
      newPassword: 'a-new-password-1',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('currentPassword');
    const short = await first.post('/api/auth/password', {
      currentPassword: made.password,
      newPassword: 'short',
    });
    expect(short.status).toBe(400);
    expect(short.body.error.field).toBe('newPassword');
    const ok = await first.post('/api/auth/password', {
      currentPassword: made.password,
      newPassword: 'a-new-password-1',
    });
    expect(ok.status).toBe(204);
    expect((await first.get('/api/auth/me')).status).toBe(200);
    expect((await second.get('/api/auth/me')).status).toBe(401);
  });

  it('refuses a cookie-authenticated write from a foreign origin', async () => {
    const { client } = await signedIn(station, 'manager');
    const res = await client.post(
      '/api/staff',
      { fullName: 'X', position: 'mechanic' },
      { origin: 'http://evil.example' },
    );
    expect(res.status).toBe(403);
  });
});
