import { parseBridgeTopic } from '../../../contracts/mqtt-topics.ts';
import {
  bridgeResponseSchema,
  bridgeStatusSchema,
  parseBridgeEvent,
  parsePayload,
  type BridgeResponse,
  type BridgeStatus,
} from '../../../contracts/mqtt-payloads.ts';
import { correctedTime } from './clock-correction.ts';

export interface IncomingEvent {
  bridgeId: string;
  eventId: number;
  kind: 'badge' | 'lift' | 'bay';
  deviceId: string;
  /** The card UID for a badge, the state for a sensor. */
  value: string;
  at: Date;
  sentAt: Date;
  receivedAt: Date;
  correctedAt: Date;
  payload: Record<string, unknown>;
}

export interface RejectedMessage {
  bridgeId: string;
  topic: string;
  payload: string;
  payloadBytes: number;
  reason: string;
  receivedAt: Date;
}

export type ClassifiedMessage =
  | { type: 'event'; event: IncomingEvent }
  | { type: 'rejected'; rejected: RejectedMessage }
  | { type: 'status'; bridgeId: string; status: BridgeStatus }
  | { type: 'response'; bridgeId: string; name: string; response: BridgeResponse };

/** Keeps what a human needs to see why a payload was refused, without storing megabytes. */
const STORED_PAYLOAD_CHARS = 2000;

function rejected(
  bridgeId: string,
  topic: string,
  payload: Buffer,
  reason: string,
  receivedAt: Date,
): ClassifiedMessage {
  return {
    type: 'rejected',
    rejected: {
      bridgeId,
      topic,
      payload: payload.toString('utf8').slice(0, STORED_PAYLOAD_CHARS),
      payloadBytes: payload.length,
      reason,
      receivedAt,
    },
  };
}

/**
 * Decides what a bridge's publish is (pure): an event to store, a status, a response, or a payload
 * to keep as rejected with its reason. The broker's ACL has already fenced the topic to the bridge.
 */
export function classifyMessage(
  bridgeId: string,
  topic: string,
  payload: Buffer,
  receivedAt: Date,
): ClassifiedMessage {
  const parsed = parseBridgeTopic(topic);
  if (!parsed || parsed.bridgeId !== bridgeId)
    return rejected(bridgeId, topic, payload, 'topic is not part of the contract', receivedAt);
  if (parsed.kind === 'status') {
    const status = parsePayload(bridgeStatusSchema, payload);
    return status.ok
      ? { type: 'status', bridgeId, status: status.value }
      : rejected(bridgeId, topic, payload, status.reason, receivedAt);
  }
  if (parsed.kind === 'response') {
    const response = parsePayload(bridgeResponseSchema, payload);
    return response.ok
      ? { type: 'response', bridgeId, name: parsed.name, response: response.value }
      : rejected(bridgeId, topic, payload, response.reason, receivedAt);
  }
  if (parsed.kind !== 'event')
    return rejected(bridgeId, topic, payload, 'bridges may not publish requests', receivedAt);
  const result = parseBridgeEvent(parsed.event, payload);
  if (!result.ok) return rejected(bridgeId, topic, payload, result.reason, receivedAt);
  const event = result.value;
  const at = new Date(event.at);
  const sentAt = new Date(event.sentAt);
  const isBadge = 'uid' in event;
  return {
    type: 'event',
    event: {
      bridgeId,
      eventId: event.eventId,
      kind: result.kind!,
      deviceId: isBadge ? event.readerId : event.sensorId,
      value: isBadge ? event.uid : event.state,
      at,
      sentAt,
      receivedAt,
      correctedAt: correctedTime(at, sentAt, receivedAt),
      payload: event as unknown as Record<string, unknown>,
    },
  };
}
