import { randomUUID } from 'node:crypto';
import { bridgeTopics } from '../../../contracts/mqtt-topics.ts';
import type { FeedbackRequest } from '../../../contracts/mqtt-payloads.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Logger } from '../../../platform/logger.ts';
import type { MqttBroker } from '../broker/mqtt-broker.ts';
import type { StoredEvent } from './event-store.ts';

export interface TapOutcome {
  outcome: 'accepted' | 'rejected';
  text: string;
}

/** Decides what each fresh tap meant (the timeclock module knows: "Ivanov — job started"). */
export type TapOutcomeResolver = (taps: StoredEvent[]) => Promise<Map<string, TapOutcome>>;

/** A tap older than this when it reaches us (an outbox replay) gets no beep: nobody is waiting for it. */
export const FEEDBACK_MAX_AGE_MS = 30_000;

/** A slice of taps is resolved in about this much time before the event loop gets a turn. */
const SLICE_MS = 30;

/**
 * Answers every live tap on request/feedback so the reader beeps green or red within the second.
 * The listener only queues the taps: answering waits for the labour state that holds them (the
 * timeclock's next floor push), and the ingest's next commit must not wait behind it. A big queue
 * (listeners catching up under load) is resolved in slices sized to take about SLICE_MS, yielding to
 * the event loop between them, so the broker and the ingest keep acknowledging meanwhile and each
 * slice's answers go out as soon as they are known.
 */
export function tapFeedbackListener(deps: {
  broker: MqttBroker;
  clock: Clock;
  logger: Logger;
  resolve: () => TapOutcomeResolver;
}) {
  const queue: StoredEvent[] = [];
  let running: Promise<void> | null = null;

  const listener = async (events: StoredEvent[]): Promise<void> => {
    const now = deps.clock.now().getTime();
    for (const e of events)
      if (e.kind === 'badge' && now - e.correctedAt.getTime() <= FEEDBACK_MAX_AGE_MS) queue.push(e);
    if (queue.length > 0 && !running) running = answerQueued();
  };

  async function answerQueued(): Promise<void> {
    const sent: Array<Promise<void>> = [];
    let size = 200;
    for (;;) {
      if (queue.length === 0) {
        if (sent.length > 0) {
          await Promise.all(sent.splice(0));
          continue;
        }
        // Same tick as this check: taps queued from now on start a new run.
        running = null;
        return;
      }
      const started = performance.now();
      const slice = queue.splice(0, size);
      try {
        sent.push(...answer(slice, await deps.resolve()(slice)));
      } catch (err) {
        deps.logger.error({ err }, 'tap outcomes could not be resolved');
        sent.push(...answer(slice, new Map()));
      }
      const took = performance.now() - started;
      size = Math.max(1, Math.min(5000, Math.floor((slice.length * SLICE_MS) / Math.max(took, 0.1))));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Resolves when every tap queued so far is answered (tests, shutdown). */
  const settled = async (): Promise<void> => {
    while (running) await running;
  };
  return Object.assign(listener, { settled });

  function answer(taps: StoredEvent[], outcomes: Map<string, TapOutcome>): Array<Promise<void>> {
    return taps.map((tap) => {
      const outcome = outcomes.get(tap.id) ?? { outcome: 'rejected' as const, text: 'Not processed' };
      const request: FeedbackRequest = {
        transaction: randomUUID(),
        readerId: tap.deviceId,
        outcome: outcome.outcome,
        text: outcome.text.slice(0, 200),
      };
      return deps.broker
        .publish(bridgeTopics(tap.bridgeId).request('feedback'), request)
        .catch((err: unknown) => {
          deps.logger.warn({ err, bridgeId: tap.bridgeId }, 'feedback not sent');
        });
    });
  }
}
