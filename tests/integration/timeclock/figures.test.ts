import type { MqttClient } from 'mqtt';
import { QueryTypes } from 'sequelize';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MechanicFiguresDto, ReviewItemDto } from '../../../server/src/contracts/labour.ts';
import {
  addDays,
  instantOfLocalTime,
  localDateOf,
} from '../../../server/src/modules/timeclock/engine/index.ts';
import { ApiClient } from '../../support/api-client.ts';
import { badgeEvent, publish } from '../../support/bridges.ts';
import { signedIn } from '../../support/factories.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';
import { timeclockOf } from '../../../server/src/modules/timeclock/index.ts';
import { liftRig, makeMechanic } from './rig.ts';

const TZ = 'Europe/Moscow';
let station: TestStation;
let manager: ApiClient;
let foreman: ApiClient;
const clients: MqttClient[] = [];
const yesterday = addDays(localDateOf(Date.now(), TZ), -1);
const at = (time: string) => new Date(instantOfLocalTime(yesterday, time, TZ)).toISOString();

beforeAll(async () => {
  station = await startTestStation();
  manager = (await signedIn(station, 'manager')).client;
  foreman = (await signedIn(station, 'foreman')).client;
});
afterEach(() => {
  for (const c of clients.splice(0)) c.end(true);
});
afterAll(async () => {
  await station?.close();
});

/** A lift whose bridge also has an entrance reader r2. */
async function rigWithEntrance() {
  const rig = await liftRig(station, manager);
  clients.push(rig.client);
  await manager.put(`/api/bridges/${rig.bridge.id}/bindings/r2`, { kind: 'reader', entrance: true });
  // The taps replayed happened yesterday: the bindings already held then.
  await station.deps.sequelize.query(
    `UPDATE bridge_bindings SET valid_from = valid_from - interval '3 days' WHERE bridge_id = :id`,
    { replacements: { id: rig.bridge.id } },
  );
  timeclockOf(station.deps).service.modelChanged();
  return rig;
}

/** Publishes taps as a bridge with a correct clock would replay them: old `at`, `sentAt` now. */
/** A mechanic whose badge was handed out three days ago. */
async function mechanicSince3Days(name?: string) {
  const m = await makeMechanic(station, { name });
  await station.deps.sequelize.query(
    `UPDATE badges SET assigned_at = assigned_at - interval '3 days' WHERE staff_id = :id`,
    { replacements: { id: m.staff.id } },
  );
  timeclockOf(station.deps).service.modelChanged();
  return m;
}

async function replay(
  rig: Awaited<ReturnType<typeof rigWithEntrance>>,
  uid: string,
  taps: Array<[string, string]>,
) {
  for (const [reader, time] of taps)
    await publish(
      rig.client,
      `pitwall/v1/bridges/${rig.bridge.id}/events/badge`,
      badgeEvent(reader, uid, { at: at(time), sentAt: new Date().toISOString() }),
    );
  await station.ingest.settled();
}

const figuresOf = async (staffId: string, client = foreman) => {
  const res = await client.get(`/api/timeclock/figures/mechanics?from=${yesterday}&to=${yesterday}`);
  expect(res.status).toBe(200);
  return (res.body as MechanicFiguresDto[]).find((m) => m.staffId === staffId)!;
};

describe('figures from the stored log', () => {
  it('match hand-computed values, and a shuffled late replay gives the same figures as in-order arrival', async () => {
    const a = await mechanicSince3Days();
    const b = await mechanicSince3Days();
    const rigA = await rigWithEntrance();
    const rigB = await rigWithEntrance();
    const day: Array<[string, string]> = [
      ['r2', '09:30'],
      ['r1', '10:00'],
      ['r1', '11:00'],
      ['r2', '12:00'],
    ];
    await replay(rigA, a.uid, day);
    await replay(rigB, b.uid, [day[3]!, day[1]!, day[0]!, day[2]!]);
    const fa = await figuresOf(a.staff.id);
    // Clocked in 09:30, at the lift (no car there yesterday) 10:00–11:00, clocked out 12:00.
    expect(fa).toMatchObject({
      presentSeconds: 9000,
      breakSeconds: 0,
      availableSeconds: 9000,
      productiveSeconds: 0,
      unassignedSeconds: 3600,
      idleSeconds: 5400,
      billedSeconds: 0,
      productivity: 0,
    });
    const fb = await figuresOf(b.staff.id);
    const { staffId: _a, name: _an, ...restA } = fa;
    const { staffId: _b, name: _bn, ...restB } = fb;
    expect(restB).toEqual(restA);

    const lifts = await foreman.get(`/api/timeclock/figures/lifts?from=${yesterday}&to=${yesterday}`);
    expect(lifts.status).toBe(200);
    const liftA = lifts.body.find((l: { liftId: string }) => l.liftId === rigA.lift.id);
    expect(liftA).toMatchObject({ workedSeconds: 3600, untrackedSeconds: 0 });
  });

  it('an unclosed session is auto-closed and listed for review; a correction closes it, audited, with a reason', async () => {
    const c = await mechanicSince3Days('Forgetful Fedor');
    const rig = await rigWithEntrance();
    await replay(rig, c.uid, [['r1', '10:00']]);
    const review = await foreman.get(`/api/timeclock/review?from=${yesterday}&to=${yesterday}`);
    expect(review.status).toBe(200);
    const auto = (review.body as ReviewItemDto[]).find((r) => r.staffId === c.staff.id)!;
    expect(auto).toMatchObject({
      kind: 'auto_closed',
      name: 'Forgetful Fedor',
      liftId: rig.lift.id,
    });
    // The corrected time is `at` plus the transit time (sentAt → receivedAt): a few ms.
    expect(Math.abs(Date.parse(auto.openedAt) - Date.parse(at('10:00')))).toBeLessThan(1000);
    expect(auto.closedAt).not.toBeNull();

    const body = {
      kind: 'close_session',
      staffId: c.staff.id,
      closeAt: at('10:30'),
      reason: 'forgot to tap out',
    };
    expect((await foreman.post('/api/timeclock/corrections', { ...body, reason: '' })).body.error.field).toBe(
      'reason',
    );
    expect((await foreman.post('/api/timeclock/corrections', { ...body, kind: 'undo' })).status).toBe(400);
    expect(
      (
        await foreman.post('/api/timeclock/corrections', {
          ...body,
          closeAt: new Date(Date.now() + 3600_000).toISOString(),
        })
      ).body.error.field,
    ).toBe('closeAt');
    expect(
      (
        await foreman.post('/api/timeclock/corrections', {
          ...body,
          staffId: '00000000-0000-4000-8000-000000000000',
        })
      ).status,
    ).toBe(404);
    const { client: mechanicUser } = await signedIn(station, 'mechanic');
    expect((await mechanicUser.post('/api/timeclock/corrections', body)).status).toBe(403);
    expect((await new ApiClient(station.baseUrl).post('/api/timeclock/corrections', body)).status).toBe(401);

    const made = await foreman.post('/api/timeclock/corrections', body);
    expect(made.status).toBe(201);
    const audit = await station.deps.sequelize.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity_id = :id AND action = 'labour.correction.close_session'`,
      { type: QueryTypes.SELECT, replacements: { id: c.staff.id } },
    );
    expect(audit).toHaveLength(1);
    const after = await foreman.get(`/api/timeclock/review?from=${yesterday}&to=${yesterday}`);
    const corrected = (after.body as ReviewItemDto[]).find((r) => r.staffId === c.staff.id)!;
    expect(corrected).toMatchObject({
      kind: 'suspicious',
      closedAt: at('10:30'),
      reason: 'corrected: forgot to tap out',
    });
    expect((await figuresOf(c.staff.id)).unassignedSeconds).toBe(1800);
  });

  it('refuses what it must: permissions, periods, unknown jobs', async () => {
    const { client: advisor } = await signedIn(station, 'advisor');
    const q = `from=${yesterday}&to=${yesterday}`;
    expect((await advisor.get(`/api/timeclock/figures/mechanics?${q}`)).status).toBe(403);
    expect((await advisor.get(`/api/timeclock/figures/lifts?${q}`)).status).toBe(403);
    expect((await advisor.get(`/api/timeclock/review?${q}`)).status).toBe(403);
    expect((await new ApiClient(station.baseUrl).get(`/api/timeclock/figures/lifts?${q}`)).status).toBe(401);
    expect(
      (await foreman.get(`/api/timeclock/figures/mechanics?from=bad&to=${yesterday}`)).body.error.field,
    ).toBe('from');
    expect(
      (await foreman.get(`/api/timeclock/figures/lifts?from=${yesterday}&to=2000-01-01`)).body.error.field,
    ).toBe('to');
    expect(
      (await foreman.get(`/api/timeclock/figures/jobs/00000000-0000-4000-8000-000000000000`)).status,
    ).toBe(404);
    expect((await foreman.get(`/api/timeclock/figures/jobs/nope`)).status).toBe(400);
    const rig = await liftRig(station, manager);
    clients.push(rig.client);
    const job = await foreman.get(`/api/timeclock/figures/jobs/${rig.jobId}`);
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({
      jobId: rig.jobId,
      orderId: rig.order.id,
      normSeconds: 3600,
      productiveSeconds: 0,
    });
    expect((await foreman.get('/api/timeclock/floor')).status).toBe(200);
    expect((await advisor.get('/api/timeclock/floor')).status).toBe(200);
    expect((await advisor.post('/api/timeclock/breaks/start', { staffId: 'x' })).body.error.field).toBe(
      'staffId',
    );
  });

  it('a mechanic sees only their own figures', async () => {
    const { client, user } = await signedIn(station, 'mechanic');
    const [own] = await station.deps.sequelize.query<{ id: string }>(
      `SELECT id FROM staff WHERE user_id = :id`,
      {
        type: QueryTypes.SELECT,
        replacements: { id: user.id },
      },
    );
    const res = await client.get(`/api/timeclock/figures/mechanics?from=${yesterday}&to=${yesterday}`);
    if (!own) {
      expect(res.status).toBe(403);
      return;
    }
    expect(res.status).toBe(200);
    expect(res.body.map((m: MechanicFiguresDto) => m.staffId)).toEqual([own.id]);
  });
});
