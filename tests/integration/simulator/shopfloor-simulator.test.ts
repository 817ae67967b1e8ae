import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MECHANICS } from '../../../db/seeds/demo/people.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

async function waitFor<T>(
  probe: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    last = await probe();
  }
  return last;
}

/** Resources that keep a Node process alive: sockets, servers and timers. */
function liveHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo())
    if (['TCPSocketWrap', 'TCPServerWrap', 'Timeout', 'FSReqPromise'].includes(kind))
      counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

describe('simulated shop floor on the demo station', () => {
  let station: TestStation;
  let before: Record<string, number>;
  const rows = <T extends object>(sql: string, replacements: Record<string, unknown> = {}) =>
    station.deps.sequelize.query<T>(sql, { type: QueryTypes.SELECT, replacements });

  beforeAll(async () => {
    before = liveHandles();
    station = await startTestStation({
      env: {
        PITWALL_DEMO: '1',
        PITWALL_SIMULATE: '1',
        // A simulated quarter of an hour per real second.
        PITWALL_SIMULATE_SPEED: '900',
        PITWALL_SIMULATE_SEED: '7',
      },
    });
  }, 120_000);

  afterAll(async () => {
    await station?.close();
  });

  it('drives the demo bridges through the broker and the jobs through the workshop', async () => {
    const simulator = station.simulator;
    expect(station.demoSeeded).toBe(true);
    expect(simulator).not.toBeNull();
    expect(simulator!.bridgeIds().sort()).toEqual(
      ['entrance', 'lift-1', 'lift-2', 'lift-3', 'lift-4', 'lift-5', 'lift-6'].sort(),
    );

    // Every demo bridge connects with its rotated secret and reports online.
    await waitFor(
      () => rows<{ id: string }>(`SELECT id FROM bridges WHERE online`),
      (online) => online.length === 7,
      'the 7 demo bridges online',
    );

    // Taps and sensor changes from several bridges are stored by the ingest (through the broker).
    const events = await waitFor(
      () =>
        rows<{ bridge_id: string; kind: string; n: string }>(
          `SELECT bridge_id, kind, count(*) AS n FROM shopfloor_events GROUP BY bridge_id, kind`,
        ),
      (r) =>
        new Set(r.map((x) => x.bridge_id)).size >= 4 &&
        r.some((x) => x.bridge_id === 'entrance' && x.kind === 'badge') &&
        r.some((x) => x.kind === 'badge' && x.bridge_id.startsWith('lift-')) &&
        r.some((x) => x.kind === 'bay') &&
        r.some((x) => x.kind === 'lift'),
      'badge, lift and bay events from several bridges',
    );
    expect(events.length).toBeGreaterThan(3);
    // The taps are the demo mechanics' badges (and the odd unknown card).
    const uids = await rows<{ value: string }>(
      `SELECT DISTINCT value FROM shopfloor_events WHERE bridge_id = 'entrance'`,
    );
    for (const { value } of uids) expect(DEMO_MECHANICS.map((m) => m.uid)).toContain(value);

    // Job actions as the kiosk does them: the audit log names the simulated lift kiosks.
    const actions = await waitFor(
      () =>
        rows<{ action: string }>(
          `SELECT DISTINCT action FROM audit_log WHERE actor_name LIKE '%lift kiosk (simulated)' AND action LIKE 'job.%'`,
        ),
      (r) => r.some((a) => a.action === 'job.completed') && r.length >= 2,
      'jobs started, paused or resumed, and completed',
    );
    expect(actions.map((a) => a.action)).toContain('job.completed');

    // A malformed payload went the whole way and is kept as rejected, with its reason.
    const rejected = await waitFor(
      () => rows<{ bridge_id: string; reason: string }>(`SELECT bridge_id, reason FROM shopfloor_rejected`),
      (r) => r.length >= 1,
      'a rejected payload',
    );
    expect(rejected[0]!.bridge_id).toMatch(/^lift-\d$/);
    expect(rejected[0]!.reason.length).toBeGreaterThan(0);

    // The disk outboxes drained: nothing acknowledged stays behind.
    expect(simulator!.stats.errors).toBe(0);
    expect(simulator!.stats.taps).toBeGreaterThan(0);
  });

  it('stops cleanly: bridges go offline and no socket or timer is left behind', async () => {
    const simulator = station.simulator!;
    await simulator.stop();
    const decisions = simulator.stats.decisions;
    await waitFor(
      () => rows<{ id: string }>(`SELECT id FROM bridges WHERE online`),
      (online) => online.length === 0,
      'the demo bridges offline after stop()',
      5_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(simulator.stats.decisions).toBe(decisions);
    expect(station.broker.connectedClients()).toBe(0);
    await simulator.stop(); // idempotent
    await station.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = liveHandles();
    for (const kind of ['TCPSocketWrap', 'TCPServerWrap', 'Timeout'])
      expect(after[kind] ?? 0, kind).toBeLessThanOrEqual(before[kind] ?? 0);
    station = undefined as unknown as TestStation;
  });
});

describe('when the simulator stays off', () => {
  it('does not run on a database without the demo, even when PITWALL_SIMULATE is on', async () => {
    const station = await startTestStation({ env: { PITWALL_DEMO: '0', PITWALL_SIMULATE: '1' } });
    try {
      expect(station.simulator).toBeNull();
      expect(station.broker.connectedClients()).toBe(0);
    } finally {
      await station.close();
    }
  });

  it('does not run in the ordinary test stations (PITWALL_SIMULATE=0), demo or not', async () => {
    const station = await startTestStation({ env: { PITWALL_DEMO: '1' } });
    try {
      expect(station.config.simulate).toBe(false);
      expect(station.simulator).toBeNull();
      const [row] = await station.deps.sequelize.query<{ n: string }>(
        `SELECT count(*) AS n FROM bridges WHERE online`,
        { type: QueryTypes.SELECT },
      );
      expect(Number(row!.n)).toBe(0);
    } finally {
      await station.close();
    }
  }, 120_000);
});
