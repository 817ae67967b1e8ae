import type { MqttClient } from 'mqtt';
import { QueryTypes } from 'sequelize';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FloorStateDto, LiftFloorDto, TapOutcomeDto } from '../../../server/src/contracts/labour.ts';
import type { ApiClient } from '../../support/api-client.ts';
import { badgeEvent, connectBridge, connected, nextMessage, publish } from '../../support/bridges.ts';
import { pairedDevice, signedIn } from '../../support/factories.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';
import {
  connectSocket,
  deltaMatching,
  liftRig,
  makeMechanic,
  nextSnapshot,
  type ClientSocket,
} from './rig.ts';

let station: TestStation;
let manager: ApiClient;
const sockets: ClientSocket[] = [];
const clients: MqttClient[] = [];

beforeAll(async () => {
  station = await startTestStation();
  manager = (await signedIn(station, 'manager')).client;
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
  for (const c of clients.splice(0)) c.end(true);
});
afterAll(async () => {
  await station?.close();
});

async function boardSocket() {
  const { token } = await pairedDevice(manager, station.baseUrl, { name: 'board', scope: 'board' });
  const socket = connectSocket(station, { deviceToken: token });
  sockets.push(socket);
  const snapshot = await nextSnapshot(socket);
  return { socket, snapshot };
}

async function tap(client: MqttClient, bridgeId: string, uid: string, extra: Record<string, unknown> = {}) {
  await publish(client, `pitwall/v1/bridges/${bridgeId}/events/badge`, badgeEvent('r1', uid, extra));
}

describe('a badge tap reaches the board and the lift', () => {
  it('board gets floor.updated with the mechanic at the lift; the lift room gets the tap; the reader gets feedback', async () => {
    const { staff, uid } = await makeMechanic(station, { name: 'Ivanov Ivan' });
    const rig = await liftRig(station, manager, { assign: [staff.id] });
    clients.push(rig.client);
    const { socket, snapshot } = await boardSocket();
    expect(
      (snapshot.data as { floor: FloorStateDto }).floor.lifts.some((l) => l.liftId === rig.lift.id),
    ).toBe(true);
    const liftSocket = connectSocket(station, { deviceToken: rig.kioskToken });
    sockets.push(liftSocket);
    const liftSnap = await nextSnapshot(liftSocket);
    const liftFloor = (liftSnap.data as { floor: LiftFloorDto }).floor;
    expect(liftFloor.lift.order?.id).toBe(rig.order.id);
    expect(liftFloor.lift.jobs.map((j) => j.state)).toEqual(['planned']);

    await rig.client.subscribeAsync(`pitwall/v1/bridges/${rig.bridge.id}/request/#`, { qos: 1 });
    const feedback = nextMessage(rig.client, `pitwall/v1/bridges/${rig.bridge.id}/request/feedback`);
    const boardDelta = deltaMatching(
      socket,
      (m) =>
        m.event.type === 'floor.updated' &&
        m.event.floor.lifts.some(
          (l) => l.liftId === rig.lift.id && l.mechanics.some((x) => x.staffId === staff.id),
        ),
    );
    const tapDelta = deltaMatching(liftSocket, (m) => m.event.type === 'tap');
    const started = Date.now();
    await tap(rig.client, rig.bridge.id, uid);
    const board = await boardDelta;
    expect(Date.now() - started).toBeLessThan(1000);
    const lift = (board.event as { floor: FloorStateDto }).floor.lifts.find((l) => l.liftId === rig.lift.id)!;
    expect(lift.mechanics[0]).toMatchObject({ staffId: staff.id, name: 'Ivanov Ivan', kind: 'productive' });
    // The tap started the mechanic's planned job.
    expect(lift.jobs[0]!.state).toBe('in_progress');
    const t = (await tapDelta).event as { tap: TapOutcomeDto };
    expect(t.tap).toMatchObject({
      ok: true,
      outcome: 'opened',
      staffId: staff.id,
      name: 'Ivanov Ivan',
      liftId: rig.lift.id,
    });
    expect(await feedback).toMatchObject({
      readerId: 'r1',
      outcome: 'accepted',
      text: 'Ivanov Ivan — started',
    });

    // An unknown badge is refused with its reason.
    const refused = deltaMatching(liftSocket, (m) => m.event.type === 'tap');
    const redFeedback = nextMessage(rig.client, `pitwall/v1/bridges/${rig.bridge.id}/request/feedback`);
    await tap(rig.client, rig.bridge.id, 'DEADBEEF00');
    expect(((await refused).event as { tap: TapOutcomeDto }).tap).toMatchObject({
      ok: false,
      outcome: 'unknown_badge',
    });
    expect(await redFeedback).toMatchObject({ outcome: 'rejected', text: 'Unknown badge' });
  });
});

describe('kiosk job actions', () => {
  it('start, request parts (job waits for parts, request created), issue resumes it; failures answered', async () => {
    const { staff, uid } = await makeMechanic(station, { name: 'Petrov Petr' });
    const { staff: absent } = await makeMechanic(station, { name: 'Sidorov' });
    const rig = await liftRig(station, manager, { withPart: true });
    clients.push(rig.client);
    const other = await liftRig(station, manager);
    clients.push(other.client);
    const k = rig.kiosk;

    // Not clocked in yet.
    const notPresent = await k.post(`/api/kiosk/jobs/${rig.jobId}/start`, { staffId: staff.id });
    expect(notPresent.status).toBe(409);
    expect(notPresent.body.error).toMatchObject({ code: 'not_present', field: 'staffId' });

    await tap(rig.client, rig.bridge.id, uid);
    await station.ingest.settled();

    const floor = await k.get('/api/kiosk/floor');
    expect(floor.status).toBe(200);
    expect(floor.body.lift.liftId).toBe(rig.lift.id);
    expect(floor.body.mechanics.map((m: { staffId: string }) => m.staffId)).toContain(staff.id);

    // Failures.
    expect((await k.post(`/api/kiosk/jobs/${rig.jobId}/start`, {})).body.error.field).toBe('staffId');
    expect((await k.post(`/api/kiosk/jobs/not-an-id/start`, { staffId: staff.id })).status).toBe(400);
    expect((await k.post(`/api/kiosk/jobs/${rig.jobId}/dance`, { staffId: staff.id })).body.error.field).toBe(
      'action',
    );
    const noReason = await k.post(`/api/kiosk/jobs/${rig.jobId}/pause`, { staffId: staff.id });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('reason');
    const unknownJob = await k.post(`/api/kiosk/jobs/00000000-0000-4000-8000-000000000000/start`, {
      staffId: staff.id,
    });
    expect(unknownJob.status).toBe(404);
    const foreign = await k.post(`/api/kiosk/jobs/${other.jobId}/start`, { staffId: staff.id });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('not_on_this_lift');
    expect((await k.post(`/api/kiosk/jobs/${rig.jobId}/start`, { staffId: absent.id })).body.error.code).toBe(
      'not_present',
    );
    const { client: cookieUser } = await signedIn(station, 'foreman');
    expect((await cookieUser.get('/api/kiosk/floor')).status).toBe(403);
    const { ApiClient } = await import('../../support/api-client.ts');
    expect((await new ApiClient(station.baseUrl).get('/api/kiosk/floor')).status).toBe(401);

    // Start.
    const started = await k.post(`/api/kiosk/jobs/${rig.jobId}/start`, { staffId: staff.id });
    expect(started.status).toBe(200);
    expect(started.body.lift.jobs[0]).toMatchObject({ jobId: rig.jobId, state: 'in_progress' });
    expect(started.body.lift.jobs[0].assignees.map((a: { staffId: string }) => a.staffId)).toEqual([
      staff.id,
    ]);
    expect(started.body.lift.mechanics[0]).toMatchObject({ staffId: staff.id, kind: 'productive' });
    // Illegal transition.
    expect((await k.post(`/api/kiosk/jobs/${rig.jobId}/resume`, { staffId: staff.id })).status).toBe(409);

    // Request parts: waiting for parts + a parts request, in one go.
    const requested = await k.post(`/api/kiosk/jobs/${rig.jobId}/request-parts`, {
      staffId: staff.id,
      note: 'front pads',
    });
    expect(requested.status).toBe(200);
    expect(requested.body.lift.jobs[0]).toMatchObject({ state: 'waiting', waitReason: 'parts' });
    expect(requested.body.lift.mechanics[0].kind).toBe('waiting:parts');
    const [request] = await station.deps.sequelize.query<{ id: string; status: string }>(
      `SELECT id, status FROM parts_requests WHERE job_id = :jobId`,
      { type: QueryTypes.SELECT, replacements: { jobId: rig.jobId } },
    );
    expect(request!.status).toBe('open');
    const board = await manager.get('/api/timeclock/floor');
    expect(
      board.body.openWaits.map((w: { jobId: string; reason: string }) => [w.jobId, w.reason]),
    ).toContainEqual([rig.jobId, 'parts']);

    // The storekeeper issues: the wait ends, the job is worked on again (floor and workshop).
    const { client: storekeeper } = await signedIn(station, 'storekeeper');
    const issued = await storekeeper.post(`/api/warehouse/parts-requests/${request!.id}/issue`, {});
    expect(issued.body).toMatchObject({ status: 'issued' });
    expect(issued.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    const after = await k.get('/api/kiosk/floor');
    expect(after.body.lift.jobs[0]).toMatchObject({ state: 'in_progress', waitReason: null });
    const [job] = await station.deps.sequelize.query<{ state: string }>(
      `SELECT state FROM order_jobs WHERE id = :id`,
      {
        type: QueryTypes.SELECT,
        replacements: { id: rig.jobId },
      },
    );
    expect(job!.state).toBe('in_progress');

    // Breaks.
    const onBreak = await k.post('/api/kiosk/breaks/start', { staffId: staff.id });
    expect(onBreak.status).toBe(200);
    expect(onBreak.body.mechanics.find((m: { staffId: string }) => m.staffId === staff.id).state).toBe(
      'break',
    );
    expect((await k.post('/api/kiosk/breaks/start', { staffId: staff.id })).body.error.code).toBe(
      'already_on_break',
    );
    expect(
      (await k.post(`/api/kiosk/jobs/${rig.jobId}/complete`, { staffId: staff.id })).body.error.code,
    ).toBe('on_break');
    expect((await k.post('/api/kiosk/breaks/end', { staffId: staff.id })).status).toBe(200);
    expect((await k.post('/api/kiosk/breaks/end', { staffId: staff.id })).body.error.code).toBe(
      'not_on_break',
    );
    expect((await k.post('/api/kiosk/breaks/lunch', { staffId: staff.id })).status).toBe(400);

    const done = await k.post(`/api/kiosk/jobs/${rig.jobId}/complete`, { staffId: staff.id });
    expect(done.status).toBe(200);
    expect(done.body.lift.jobs[0].state).toBe('done');
  });
});

describe("a lift's bridge going away", () => {
  it('shows on the board at once and on the floor read, and clears when the bridge is back', async () => {
    const rig = await liftRig(station, manager);
    const { socket } = await boardSocket();
    const offlineOf = (floor: FloorStateDto) =>
      floor.lifts.find((l) => l.liftId === rig.lift.id)!.bridgeOffline;
    const read = async () => (await manager.get('/api/timeclock/floor')).body as FloorStateDto;
    // Read first: the offline lifts are kept between pushes, so this checks they are dropped on a change.
    expect(offlineOf(await read())).toBe(false);

    const wentOffline = deltaMatching(
      socket,
      (m) => m.event.type === 'floor.updated' && offlineOf(m.event.floor),
      2_000,
    );
    rig.client.end(true);
    await wentOffline;
    expect(offlineOf(await read())).toBe(true);

    const back = deltaMatching(
      socket,
      (m) => m.event.type === 'floor.updated' && !offlineOf(m.event.floor),
      2_000,
    );
    const again = connectBridge(station, rig.bridge);
    clients.push(again);
    await connected(again);
    await back;
    expect(offlineOf(await read())).toBe(false);
  });
});
