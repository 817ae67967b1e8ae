import type { Actor } from '../../../platform/context.ts';
import type { EventKind } from '../engine/index.ts';

/** One row of the labour event log as a writer hands it over (see db/migrations/0301_labour_events.ts). */
export interface LabourRow {
  /** The engine's source: `bridge:<id>`, `desk`, `kiosk:<deviceId>`, `system`. */
  source: string;
  /** The engine's per-source sequence: a bridge's eventId; null = this row's serial id. */
  seq: number | null;
  /** Idempotency key: the same fact written twice is stored once. */
  sourceKey: string;
  kind: EventKind;
  at: Date;
  /** The engine payload without `kind`, `source`, `seq` and `at`; instants as epoch ms. */
  payload: Record<string, unknown>;
  staffId?: string | null;
  liftId?: string | null;
  jobId?: string | null;
  orderId?: string | null;
  reason?: string | null;
}

/** The engine source of events recorded by an actor. */
export function sourceOf(actor: Actor): string {
  switch (actor.type) {
    case 'device':
      return `kiosk:${actor.id}`;
    case 'user':
      return 'desk';
    case 'bridge':
      return `bridge:${actor.id}`;
    default:
      return 'system';
  }
}
