import { z } from 'zod';
import {
  badgeEventSchema,
  bayEventSchema,
  eventIdSchema,
  liftEventSchema,
} from '../contract/mqtt-payloads.ts';

/**
 * The outbox journal is a text file of JSON lines, each one record ending in "\n":
 *   {"e":42,"k":"badge","d":{"readerId":"r1","uid":"04A1…","at":"…"}}   an event, id 42
 *   {"a":[42,43]}                                                        events 42 and 43 were acknowledged
 * A line counts only when complete and valid, so a write torn by a power cut is recognised and cut off.
 */

const badgeDraftSchema = badgeEventSchema
  .omit({ eventId: true, sentAt: true })
  .extend({ kind: z.literal('badge') });
const liftDraftSchema = liftEventSchema
  .omit({ eventId: true, sentAt: true })
  .extend({ kind: z.literal('lift') });
const bayDraftSchema = bayEventSchema
  .omit({ eventId: true, sentAt: true })
  .extend({ kind: z.literal('bay') });
export const eventDraftSchema = z.discriminatedUnion('kind', [
  badgeDraftSchema,
  liftDraftSchema,
  bayDraftSchema,
]);

/** An event as observed, before it has an id: what a reader or a sensor hands to the outbox. */
export type EventDraft = z.infer<typeof eventDraftSchema>;
export type StoredEvent = EventDraft & { eventId: number };

export type JournalRecord = { type: 'event'; event: StoredEvent } | { type: 'ack'; ids: number[] };

export function encodeEvent(event: StoredEvent): string {
  const { eventId, kind, ...data } = event;
  return `${JSON.stringify({ e: eventId, k: kind, d: data })}\n`;
}

export function encodeAck(ids: readonly number[]): string {
  return `${JSON.stringify({ a: ids })}\n`;
}

const ackLineSchema = z.object({ a: z.array(eventIdSchema).min(1) });

export function decodeLine(line: string): JournalRecord | null {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null) return null;
  if ('a' in json) {
    const ack = ackLineSchema.safeParse(json);
    return ack.success ? { type: 'ack', ids: ack.data.a } : null;
  }
  // The envelope is checked by hand: zod on every line of a 100 000-event journal costs seconds on a Pi.
  const { e, k, d } = json as { e?: unknown; k?: unknown; d?: unknown };
  if (
    !Number.isSafeInteger(e) ||
    (e as number) <= 0 ||
    typeof k !== 'string' ||
    typeof d !== 'object' ||
    d === null
  )
    return null;
  const draft = eventDraftSchema.safeParse({ ...d, kind: k });
  if (!draft.success) return null;
  return { type: 'event', event: { ...draft.data, eventId: e as number } };
}

export interface JournalScan {
  records: JournalRecord[];
  /** Bytes up to the end of the last valid line: the file is cut to this length. */
  validBytes: number;
  /** Invalid lines followed by valid ones (damage in the middle): skipped, counted, logged. */
  corruptLines: number;
  /** Bytes after the last valid line: a torn last write. */
  tornBytes: number;
}

export function scanJournal(content: Buffer): JournalScan {
  const records: JournalRecord[] = [];
  let validBytes = 0;
  let invalidSinceValid = 0;
  let corruptLines = 0;
  let start = 0;
  for (;;) {
    const end = content.indexOf(0x0a, start);
    if (end === -1) break;
    const record = end > start ? decodeLine(content.toString('utf8', start, end)) : null;
    if (record) {
      records.push(record);
      corruptLines += invalidSinceValid;
      invalidSinceValid = 0;
      validBytes = end + 1;
    } else if (end > start) {
      invalidSinceValid += 1;
    }
    start = end + 1;
  }
  return { records, validBytes, corruptLines, tornBytes: content.length - validBytes };
}

/** The events still waiting for their PUBACK after replaying the journal, in eventId order. */
export function pendingEvents(records: readonly JournalRecord[]): StoredEvent[] {
  const pending = new Map<number, StoredEvent>();
  for (const record of records) {
    if (record.type === 'event') pending.set(record.event.eventId, record.event);
    else for (const id of record.ids) pending.delete(id);
  }
  return [...pending.values()].sort((a, b) => a.eventId - b.eventId);
}

export function maxEventId(records: readonly JournalRecord[]): number {
  let max = 0;
  for (const record of records)
    if (record.type === 'event' && record.event.eventId > max) max = record.event.eventId;
  return max;
}
