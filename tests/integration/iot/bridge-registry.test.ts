import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLift, signedIn } from '../../support/factories.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';
import type { ApiClient } from '../../support/api-client.ts';

let station: TestStation;
let manager: ApiClient;
beforeAll(async () => {
  station = await startTestStation();
  manager = (await signedIn(station, 'manager')).client;
});
afterAll(async () => {
  await station?.close();
});

describe('bridge registry', () => {
  it('registers a bridge and shows its secret once; only a hash is stored', async () => {
    const res = await manager.post('/api/bridges', {
      id: 'lift-1-2',
      name: 'Lifts 1 and 2',
      location: 'North wall',
    });
    expect(res.status).toBe(201);
    expect(res.body.secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(res.body.mqtt).toMatchObject({ clientId: 'lift-1-2', username: 'lift-1-2' });
    expect(res.body.bridge).toMatchObject({
      id: 'lift-1-2',
      name: 'Lifts 1 and 2',
      online: false,
      bindings: [],
    });
    const again = await manager.get('/api/bridges/lift-1-2');
    expect(JSON.stringify(again.body)).not.toContain(res.body.secret);
    const [row] = (
      await station.deps.sequelize.query(`SELECT secret_hash FROM bridges WHERE id = 'lift-1-2'`)
    )[0] as Array<{ secret_hash: string }>;
    expect(row!.secret_hash).not.toContain(res.body.secret);
    expect(row!.secret_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a bad id (400), a taken id (409), an unknown bridge (404) and non-managers (403)', async () => {
    const bad = await manager.post('/api/bridges', { id: 'Lift 1', name: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('id');
    await manager.post('/api/bridges', { id: 'taken', name: 'x' });
    const taken = await manager.post('/api/bridges', { id: 'taken', name: 'y' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.field).toBe('id');
    expect((await manager.get('/api/bridges/nope')).status).toBe(404);
    expect((await manager.post('/api/bridges/nope/secret')).status).toBe(404);
    for (const role of ['advisor', 'foreman', 'mechanic', 'storekeeper'] as const) {
      const { client } = await signedIn(station, role);
      expect((await client.get('/api/bridges')).status).toBe(403);
      expect((await client.post('/api/bridges', { id: 'x1', name: 'x' })).status).toBe(403);
    }
  });

  it('binds readers and sensors to lifts or the entrance, keeps the history and validates the binding', async () => {
    await manager.post('/api/bridges', { id: 'bind-1', name: 'Bind' });
    const lift = await makeLift(station);
    const other = await makeLift(station);
    const reader = await manager.put('/api/bridges/bind-1/bindings/r1', { kind: 'reader', liftId: lift.id });
    expect(reader.status).toBe(200);
    expect(reader.body.bindings).toEqual([
      expect.objectContaining({ deviceId: 'r1', kind: 'reader', liftId: lift.id, entrance: false }),
    ]);
    const moved = await manager.put('/api/bridges/bind-1/bindings/r1', { kind: 'reader', liftId: other.id });
    expect(moved.body.bindings[0].liftId).toBe(other.id);
    const entrance = await manager.put('/api/bridges/bind-1/bindings/r2', { kind: 'reader', entrance: true });
    expect(entrance.body.bindings.find((b: { deviceId: string }) => b.deviceId === 'r2').entrance).toBe(true);
    expect(
      (await manager.put('/api/bridges/bind-1/bindings/s1', { kind: 'lift_sensor', liftId: lift.id })).status,
    ).toBe(200);
    const [history] = await station.deps.sequelize.query(
      `SELECT count(*)::int AS n FROM bridge_bindings WHERE bridge_id = 'bind-1' AND device_id = 'r1'`,
    );
    expect((history as Array<{ n: number }>)[0]!.n).toBe(2);

    const both = await manager.put('/api/bridges/bind-1/bindings/r3', {
      kind: 'reader',
      liftId: lift.id,
      entrance: true,
    });
    expect(both.status).toBe(400);
    expect(both.body.error.field).toBe('liftId');
    const sensorAtEntrance = await manager.put('/api/bridges/bind-1/bindings/s2', {
      kind: 'bay_sensor',
      entrance: true,
    });
    expect(sensorAtEntrance.status).toBe(400);
    const badKind = await manager.put('/api/bridges/bind-1/bindings/s2', { kind: 'door', liftId: lift.id });
    expect(badKind.body.error.field).toBe('kind');
    const badDevice = await manager.put('/api/bridges/bind-1/bindings/R_1', {
      kind: 'reader',
      liftId: lift.id,
    });
    expect(badDevice.body.error.field).toBe('deviceId');
    const unknownLift = await manager.put('/api/bridges/bind-1/bindings/r4', {
      kind: 'reader',
      liftId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknownLift.status).toBe(404);

    const unbound = await manager.delete('/api/bridges/bind-1/bindings/r2');
    expect(unbound.status).toBe(200);
    expect(unbound.body.bindings.map((b: { deviceId: string }) => b.deviceId)).not.toContain('r2');
    expect((await manager.delete('/api/bridges/bind-1/bindings/r2')).status).toBe(404);
  });

  it('revoking closes the bindings and refuses further changes; every change is audited', async () => {
    await manager.post('/api/bridges', { id: 'rev-1', name: 'Rev' });
    const lift = await makeLift(station);
    await manager.put('/api/bridges/rev-1/bindings/r1', { kind: 'reader', liftId: lift.id });
    const revoked = await manager.delete('/api/bridges/rev-1');
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect(revoked.body.bindings).toEqual([]);
    expect((await manager.post('/api/bridges/rev-1/secret')).status).toBe(409);
    expect(
      (await manager.put('/api/bridges/rev-1/bindings/r1', { kind: 'reader', liftId: lift.id })).status,
    ).toBe(409);
    const audit = await manager.get('/api/audit?entityType=bridge&entityId=rev-1');
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual([
      'bridge.revoked',
      'bridge.device_bound',
      'bridge.registered',
    ]);
  });

  it('renames a bridge; an empty patch is a 400', async () => {
    await manager.post('/api/bridges', { id: 'ren-1', name: 'Old' });
    const renamed = await manager.patch('/api/bridges/ren-1', { name: 'New', location: null });
    expect(renamed.body).toMatchObject({ name: 'New', location: null });
    expect((await manager.patch('/api/bridges/ren-1', {})).status).toBe(400);
  });
});
