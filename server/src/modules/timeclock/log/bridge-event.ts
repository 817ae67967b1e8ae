import type { LabourEvent } from '../engine/index.ts';
import type { StoredEvent } from '../../iot/ingest/event-store.ts';

/**
 * A stored bridge event as the labour log holds it once copied (copy-shopfloor.ts builds the same row
 * in SQL): the live floor takes it from here at once, without waiting for the copy and reading it back.
 */
export function bridgeLabourEvent(e: StoredEvent): LabourEvent {
  const source = `bridge:${e.bridgeId}`;
  const at = e.correctedAt.getTime();
  // Literals, not spreads: this runs for every event the ingest stores.
  if (e.kind === 'badge')
    return {
      source,
      seq: e.eventId,
      at,
      kind: 'badge.tap',
      bridgeId: e.bridgeId,
      readerId: e.deviceId,
      uid: e.value,
      raw: { at: e.at.getTime(), sentAt: e.sentAt.getTime(), receivedAt: e.receivedAt.getTime() },
    };
  if (e.kind === 'lift')
    return {
      source,
      seq: e.eventId,
      at,
      kind: 'lift.sensor',
      bridgeId: e.bridgeId,
      sensorId: e.deviceId,
      state: e.value as 'raised' | 'lowered',
    };
  return {
    source,
    seq: e.eventId,
    at,
    kind: 'bay.sensor',
    bridgeId: e.bridgeId,
    sensorId: e.deviceId,
    state: e.value as 'occupied' | 'free',
  };
}
