import type { BridgeTiming, EventRef, Instant, LabourEvent } from './types.ts';

/**
 * A bridge's clock may be wrong; the server's is the reference. The time between sending and receiving is
 * negligible next to a wrong clock, so the event happened `receivedAt − sentAt` after the bridge's `at`
 * would say — `at + (receivedAt − sentAt)` (MQTT.md). A replayed event keeps its `at` and gets a new
 * `sentAt`, so the correction holds for events buffered for hours.
 */
export function correctBridgeTime(raw: BridgeTiming): Instant {
  return raw.at + (raw.receivedAt - raw.sentAt);
}

/** The order of the log: corrected time, then source, then the source's sequence. */
export function compareEvents(a: EventRef, b: EventRef): number {
  if (a.at !== b.at) return a.at - b.at;
  if (a.source !== b.source) return a.source < b.source ? -1 : 1;
  return a.seq - b.seq;
}

export function eventKey(e: { source: string; seq: number }): string {
  return `${e.source}#${e.seq}`;
}

export function refOf(e: EventRef): EventRef {
  return { source: e.source, seq: e.seq, at: e.at };
}

/**
 * Copies of one event (same source and sequence) keep the first the server received — decided by the
 * copies' own data, so the choice never depends on the order they are handed over in.
 */
function preferred(a: LabourEvent, b: LabourEvent): LabourEvent {
  const ra = 'raw' in a && a.raw ? a.raw.receivedAt : a.at;
  const rb = 'raw' in b && b.raw ? b.raw.receivedAt : b.at;
  if (ra !== rb) return ra < rb ? a : b;
  if (a.at !== b.at) return a.at < b.at ? a : b;
  const ja = JSON.stringify(a);
  const jb = JSON.stringify(b);
  return ja <= jb ? a : b;
}

/** Removes repeated copies (same source and sequence) and sorts into the log's order. */
export function orderEvents(events: readonly LabourEvent[]): LabourEvent[] {
  const byKey = new Map<string, LabourEvent>();
  for (const e of events) {
    const key = eventKey(e);
    const seen = byKey.get(key);
    byKey.set(key, seen ? preferred(seen, e) : e);
  }
  return [...byKey.values()].sort(compareEvents);
}
