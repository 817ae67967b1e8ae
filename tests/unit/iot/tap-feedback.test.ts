import { describe, expect, it } from 'vitest';
import type { MqttBroker } from '../../../server/src/modules/iot/broker/mqtt-broker.ts';
import type { StoredEvent } from '../../../server/src/modules/iot/ingest/event-store.ts';
import {
  FEEDBACK_MAX_AGE_MS,
  tapFeedbackListener,
  type TapOutcome,
} from '../../../server/src/modules/iot/ingest/tap-feedback.ts';
import { createLogger } from '../../../server/src/platform/logger.ts';

const silentLogger = createLogger('silent');

const NOW = new Date('2026-11-22T08:00:00.000Z');

function tap(n: number, ageMs = 0, kind: StoredEvent['kind'] = 'badge'): StoredEvent {
  const at = new Date(NOW.getTime() - ageMs);
  return {
    id: `id-${n}`,
    bridgeId: `b${n % 3}`,
    eventId: n,
    kind,
    deviceId: 'r1',
    value: `UID${n}`,
    at,
    sentAt: at,
    receivedAt: at,
    correctedAt: at,
    payload: {},
  };
}

function harness(resolveDelayMs: number) {
  const sent: Array<{ topic: string; payload: { readerId: string; outcome: string; text: string } }> = [];
  const calls: number[] = [];
  const broker = {
    publish: async (topic: string, payload: unknown) => {
      sent.push({ topic, payload: payload as (typeof sent)[number]['payload'] });
    },
  } as unknown as MqttBroker;
  const listener = tapFeedbackListener({
    broker,
    clock: { now: () => NOW },
    logger: silentLogger,
    resolve: () => async (taps) => {
      calls.push(taps.length);
      // A resolver whose cost grows with the slice, like the labour derivation's.
      const until = performance.now() + resolveDelayMs * taps.length;
      while (performance.now() < until);
      const out = new Map<string, TapOutcome>();
      for (const t of taps)
        if (t.eventId % 2 === 0)
          out.set(t.id, { outcome: 'accepted', text: `Mechanic ${t.eventId} — started` });
      return out;
    },
  });
  return { sent, calls, listener };
}

describe('tap feedback listener', () => {
  it('answers every live tap exactly once, also when a big batch is resolved in slices', async () => {
    const { sent, calls, listener } = harness(0.5);
    const taps = Array.from({ length: 700 }, (_, i) => tap(i + 1));
    await listener(taps);
    await listener.settled();
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.reduce((a, b) => a + b, 0)).toBe(700);
    expect(sent).toHaveLength(700);
    const byText = new Set(sent.map((s) => s.payload.text));
    for (let n = 1; n <= 700; n++)
      expect(byText.has(n % 2 === 0 ? `Mechanic ${n} — started` : 'Not processed')).toBe(true);
    expect(sent.filter((s) => s.payload.outcome === 'accepted')).toHaveLength(350);
    expect(sent[0]!.topic).toBe('pitwall/v1/bridges/b1/request/feedback');
  });

  it('skips sensor events and taps older than the feedback age', async () => {
    const { sent, calls, listener } = harness(0);
    await listener([tap(1, FEEDBACK_MAX_AGE_MS + 1), tap(2, 0, 'lift'), tap(4, 1000)]);
    await listener.settled();
    expect(calls).toEqual([1]);
    expect(sent.map((s) => s.payload.text)).toEqual(['Mechanic 4 — started']);
  });

  /** A listener whose answers' texts land in `sent`, resolving every tap as "ok <eventId>" after `before`. */
  function textListener(before: () => Promise<void>) {
    const sent: string[] = [];
    const listener = tapFeedbackListener({
      broker: {
        publish: async (_t: string, p: { text: string }) => void sent.push(p.text),
      } as unknown as MqttBroker,
      clock: { now: () => NOW },
      logger: silentLogger,
      resolve: () => async (taps) => {
        await before();
        return new Map(taps.map((t) => [t.id, { outcome: 'accepted' as const, text: `ok ${t.eventId}` }]));
      },
    });
    return { sent, listener };
  }

  it('queues the taps and returns at once: the next commit never waits for the answers', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const { sent, listener } = textListener(() => gate);
    await listener([tap(1)]);
    await listener([tap(2)]);
    expect(sent).toEqual([]);
    release();
    await listener.settled();
    expect(sent.sort()).toEqual(['ok 1', 'ok 2']);
  });

  it('answers "Not processed" when the outcomes cannot be resolved, and goes on', async () => {
    let calls = 0;
    const { sent, listener } = textListener(async () => {
      calls += 1;
      if (calls === 1) throw new Error('database away');
    });
    await listener([tap(1)]);
    await listener.settled();
    await listener([tap(2)]);
    await listener.settled();
    expect(sent).toEqual(['Not processed', 'ok 2']);
  });
});
