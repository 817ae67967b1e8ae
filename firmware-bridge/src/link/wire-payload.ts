import type { BridgeEvent } from '../contract/mqtt-payloads.ts';
import type { StoredEvent } from '../outbox/journal-records.ts';

/** The JSON published for a stored event: the contract's field order, `sentAt` stamped now. */
export function wirePayload(event: StoredEvent, sentAt: string): BridgeEvent {
  switch (event.kind) {
    case 'badge':
      return { eventId: event.eventId, readerId: event.readerId, uid: event.uid, at: event.at, sentAt };
    case 'lift':
    case 'bay':
      return {
        eventId: event.eventId,
        sensorId: event.sensorId,
        state: event.state,
        at: event.at,
        sentAt,
      } as BridgeEvent;
  }
}
