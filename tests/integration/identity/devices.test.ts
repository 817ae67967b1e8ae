import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../support/api-client.ts';
import { makeLift, signedIn } from '../../support/factories.ts';
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

async function pair(code: string) {
  return new ApiClient(station.baseUrl).post('/api/kiosk/pair', { code });
}

describe('kiosk devices', () => {
  it('pairs a lift kiosk with a one-time code; the token works once the code is spent', async () => {
    const { client } = await signedIn(station, 'manager');
    const lift = await makeLift(station);
    const created = await client.post('/api/devices', {
      name: 'Lift 1 kiosk',
      scope: 'lift',
      liftId: lift.id,
    });
    expect(created.status).toBe(201);
    expect(created.body.pairingCode).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(created.body.device.paired).toBe(false);

    const paired = await pair(created.body.pairingCode.toLowerCase().replace('-', ' '));
    expect(paired.status).toBe(201);
    expect(paired.body.device).toMatchObject({ scope: 'lift', liftId: lift.id, paired: true });
    const kiosk = new ApiClient(station.baseUrl, { authorization: `Bearer ${paired.body.token}` });
    const me = await kiosk.get('/api/kiosk/me');
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(created.body.device.id);

    const reuse = await pair(created.body.pairingCode);
    expect(reuse.status).toBe(400);
    expect(reuse.body.error).toMatchObject({ code: 'invalid_pairing_code', field: 'code' });
  });

  it('a kiosk token is refused on user routes (403) and a person cannot use kiosk routes', async () => {
    const { client } = await signedIn(station, 'manager');
    const created = await client.post('/api/devices', { name: 'Board', scope: 'board' });
    const { body } = await pair(created.body.pairingCode);
    const kiosk = new ApiClient(station.baseUrl, { authorization: `Bearer ${body.token}` });
    const users = await kiosk.get('/api/users');
    expect(users.status).toBe(403);
    expect(users.body.error.code).toBe('forbidden');
    expect((await kiosk.get('/api/auth/me')).status).toBe(403);
    expect((await client.get('/api/kiosk/me')).status).toBe(403);
    expect(
      (
        await new ApiClient(station.baseUrl, { authorization: 'Bearer not-a-real-token-aaaaaaaaaaaa' }).get(
          '/api/kiosk/me',
        )
      ).status,
    ).toBe(401);
  });

  it('an expired code is refused; a renewed code works and kills the old token', async () => {
    const { client } = await signedIn(station, 'foreman');
    const created = await client.post('/api/devices', { name: 'Board 2', scope: 'board' });
    clock.advance(16 * 60_000);
    expect((await pair(created.body.pairingCode)).status).toBe(400);
    const renewed = await client.post(`/api/devices/${created.body.device.id}/pairing-code`);
    expect(renewed.status).toBe(200);
    const first = await pair(renewed.body.pairingCode);
    expect(first.status).toBe(201);
    const again = await client.post(`/api/devices/${created.body.device.id}/pairing-code`);
    const kiosk = new ApiClient(station.baseUrl, { authorization: `Bearer ${first.body.token}` });
    expect((await kiosk.get('/api/kiosk/me')).status).toBe(401);
    expect((await pair(again.body.pairingCode)).status).toBe(201);
  });

  it('revoking a device kills its token', async () => {
    const { client } = await signedIn(station, 'manager');
    const created = await client.post('/api/devices', { name: 'Board 3', scope: 'board' });
    const { body } = await pair(created.body.pairingCode);
    const kiosk = new ApiClient(station.baseUrl, { authorization: `Bearer ${body.token}` });
    expect((await kiosk.get('/api/kiosk/me')).status).toBe(200);
    const revoked = await client.delete(`/api/devices/${created.body.device.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await kiosk.get('/api/kiosk/me')).status).toBe(401);
    expect((await client.post(`/api/devices/${created.body.device.id}/pairing-code`)).status).toBe(409);
  });

  it('validates the scope and the lift; advisors may not manage devices', async () => {
    const { client } = await signedIn(station, 'manager');
    const noLift = await client.post('/api/devices', { name: 'X', scope: 'lift' });
    expect(noLift.status).toBe(400);
    expect(noLift.body.error.field).toBe('liftId');
    const unknownLift = await client.post('/api/devices', {
      name: 'X',
      scope: 'lift',
      liftId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknownLift.status).toBe(404);
    const boardWithLift = await client.post('/api/devices', {
      name: 'X',
      scope: 'board',
      liftId: (await makeLift(station)).id,
    });
    expect(boardWithLift.status).toBe(400);
    const advisor = await signedIn(station, 'advisor');
    expect((await advisor.client.get('/api/devices')).status).toBe(403);
    expect((await advisor.client.post('/api/devices', { name: 'X', scope: 'board' })).status).toBe(403);
    expect((await new ApiClient(station.baseUrl).post('/api/kiosk/pair', {})).status).toBe(400);
  });
});
