import type { LabourEvent } from '../engine/index.ts';
import type { StoredEvent } from '../../iot/ingest/event-store.ts';

/**
 * A stored bridge event as the labour log holds it once copied (copy-shopfloor.ts builds the same row
 * in SQL): the live floor takes it from here at once, without waiting for the copy and reading it back.
 */
export function bridgeLabourEvent(e: StoredEvent): LabourEvent {
  const base = { source: `bridge:${e.bridgeId}`, seq: e.eventId, at: e.correctedAt.getTime() };
  if (e.kind === 'badge')
    return {
      ...base,
      kind: 'badge.tap',
      bridgeId: e.bridgeId,
      readerId: e.deviceId,
      uid: e.value,
      raw: { at: e.at.getTime(), sentAt: e.sentAt.getTime(), receivedAt: e.receivedAt.getTime() },
    };
  const sensor = { ...base, bridgeId: e.bridgeId, sensorId: e.deviceId };
  return e.kind === 'lift'
    ? { ...sensor, kind: 'lift.sensor', state: e.value as 'raised' | 'lowered' }
    : { ...sensor, kind: 'bay.sensor', state: e.value as 'occupied' | 'free' };
}
