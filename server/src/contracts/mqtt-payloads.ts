/**
 * The payloads of the shop-floor MQTT contract v1 (shared/design/MQTT.md) as zod schemas. Imported by
 * the server's ingest and by the bridge. It imports nothing but zod and the topic map, because
 * firmware-bridge ships a verbatim copy of both files (`npm run -w firmware-bridge sync-contract`).
 *
 * The schemas accept unknown extra keys and drop them, so a newer bridge can add fields without
 * being refused by an older server.
 */
import { z } from 'zod';
import { BRIDGE_ID_PATTERN } from './mqtt-topics.ts';

/** Reader and sensor ids share the bridge id's alphabet. */
export const DEVICE_ID_PATTERN = /^[a-z0-9-]{1,32}$/;
/** A card UID: upper-case hex, whole bytes, 4 to 16 bytes (4/7/10-byte ISO 14443 UIDs, 8-byte ISO 15693). */
export const CARD_UID_PATTERN = /^(?:[0-9A-F]{2}){4,16}$/;

export const EVENT_KINDS = ['badge', 'lift', 'bay'] as const;
export type BridgeEventKind = (typeof EVENT_KINDS)[number];
export const LIFT_STATES = ['raised', 'lowered'] as const;
export type LiftState = (typeof LIFT_STATES)[number];
export const BAY_STATES = ['occupied', 'free'] as const;
export type BayState = (typeof BAY_STATES)[number];
export const SENSOR_KINDS = ['lift', 'bay'] as const;
export type SensorKind = (typeof SENSOR_KINDS)[number];
export const FEEDBACK_OUTCOMES = ['accepted', 'rejected'] as const;
export type FeedbackOutcome = (typeof FEEDBACK_OUTCOMES)[number];

export const bridgeIdSchema = z
  .string()
  .regex(BRIDGE_ID_PATTERN, 'must be 1-32 characters of a-z, 0-9 and -');
export const deviceIdSchema = z
  .string()
  .regex(DEVICE_ID_PATTERN, 'must be 1-32 characters of a-z, 0-9 and -');
export const cardUidSchema = z.string().regex(CARD_UID_PATTERN, 'must be 4-16 bytes of upper-case hex');
/** ISO-8601 in UTC with a `Z` suffix (no offsets), as `Date.prototype.toISOString()` writes it. */
export const utcTimestampSchema = z.iso.datetime({ error: 'must be an ISO-8601 UTC timestamp ending in Z' });
/** A positive safe integer, strictly increasing per bridge across all event kinds. */
export const eventIdSchema = z.int().positive();

const eventEnvelope = { eventId: eventIdSchema, at: utcTimestampSchema, sentAt: utcTimestampSchema };

export const badgeEventSchema = z.object({ ...eventEnvelope, readerId: deviceIdSchema, uid: cardUidSchema });
export const liftEventSchema = z.object({
  ...eventEnvelope,
  sensorId: deviceIdSchema,
  state: z.enum(LIFT_STATES),
});
export const bayEventSchema = z.object({
  ...eventEnvelope,
  sensorId: deviceIdSchema,
  state: z.enum(BAY_STATES),
});
export type BadgeEvent = z.infer<typeof badgeEventSchema>;
export type LiftEvent = z.infer<typeof liftEventSchema>;
export type BayEvent = z.infer<typeof bayEventSchema>;

/** One schema per `events/<kind>` topic. */
export const bridgeEventSchemas = {
  badge: badgeEventSchema,
  lift: liftEventSchema,
  bay: bayEventSchema,
} as const;
export type BridgeEventByKind = { badge: BadgeEvent; lift: LiftEvent; bay: BayEvent };
export type BridgeEvent = BadgeEvent | LiftEvent | BayEvent;

export const readerStatusSchema = z.object({ id: deviceIdSchema, ok: z.boolean() });
/** `ok` is an extension of the contract's example: false while the sensor's input cannot be read. */
export const sensorStatusSchema = z.object({
  id: deviceIdSchema,
  kind: z.enum(SENSOR_KINDS),
  ok: z.boolean().optional(),
});
/** An extension of the contract's example: the bridge's disk outbox; `full` means new events are refused. */
export const outboxStatusSchema = z.object({ pending: z.int().nonnegative(), full: z.boolean() });

export const bridgeOnlineStatusSchema = z.object({
  state: z.literal('online'),
  fw: z.string().min(1).max(64),
  readers: z.array(readerStatusSchema).max(64),
  sensors: z.array(sensorStatusSchema).max(64),
  bootAt: utcTimestampSchema,
  outbox: outboxStatusSchema.optional(),
});
export const bridgeOfflineStatusSchema = z.object({ state: z.literal('offline') });
/** The retained `status` topic; `{"state":"offline"}` is also the bridge's Last Will. */
export const bridgeStatusSchema = z.discriminatedUnion('state', [
  bridgeOnlineStatusSchema,
  bridgeOfflineStatusSchema,
]);
export type BridgeOnlineStatus = z.infer<typeof bridgeOnlineStatusSchema>;
export type BridgeStatus = z.infer<typeof bridgeStatusSchema>;
export const BRIDGE_OFFLINE_STATUS: BridgeStatus = { state: 'offline' };

export const transactionSchema = z.string().min(1).max(64);
/** Every `request/<name>` carries a transaction id that its `response/<name>` repeats. */
export const serverRequestSchema = z.object({ transaction: transactionSchema });
export const feedbackRequestSchema = z.object({
  transaction: transactionSchema,
  readerId: deviceIdSchema,
  outcome: z.enum(FEEDBACK_OUTCOMES),
  text: z.string().max(200).optional(),
});
export type FeedbackRequest = z.infer<typeof feedbackRequestSchema>;

export const bridgeResponseSchema = z.object({
  transaction: transactionSchema,
  status: z.enum(['ok', 'error']),
  data: z.record(z.string(), z.unknown()).optional(),
  error: z.string().max(500).optional(),
});
export type BridgeResponse = z.infer<typeof bridgeResponseSchema>;

export const serverStatusSchema = z.object({
  state: z.enum(['online', 'offline']),
  version: z.string().max(64),
});
export type ServerStatus = z.infer<typeof serverStatusSchema>;

export type PayloadCheck<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Parses a raw MQTT payload (JSON text) against a schema; the reason names the failing field. */
export function parsePayload<T>(schema: z.ZodType<T>, payload: Buffer | string): PayloadCheck<T> {
  let json: unknown;
  try {
    json = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
  } catch {
    return { ok: false, reason: 'payload is not valid JSON' };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : 'payload';
  return { ok: false, reason: `${field}: ${issue.message}` };
}

/** Parses an `events/<kind>` payload; an unknown kind is a reason too, not an exception. */
export function parseBridgeEvent(
  kind: string,
  payload: Buffer | string,
): PayloadCheck<BridgeEvent> & { kind?: BridgeEventKind } {
  if (!(EVENT_KINDS as readonly string[]).includes(kind))
    return { ok: false, reason: `unknown event kind "${kind}"` };
  const typed = kind as BridgeEventKind;
  return { ...parsePayload<BridgeEvent>(bridgeEventSchemas[typed], payload), kind: typed };
}
