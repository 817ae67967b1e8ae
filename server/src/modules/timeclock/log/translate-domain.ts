import type { DomainEvent } from '../../../platform/events.ts';
import type { WaitReason } from '../engine/index.ts';
import type { LabourRow } from './labour-row.ts';

/**
 * Workshop, scheduler and warehouse domain events → labour log rows (pure). Keys are built so that the
 * same fact derived from a table row at start-up (backfill.ts) gets the same key.
 */
export const DEPARTED_STATUSES = new Set(['handed_over', 'closed', 'cancelled']);

const JOB_KINDS = {
  'job.started': 'job.start',
  'job.paused': 'job.pause',
  'job.resumed': 'job.resume',
  'job.completed': 'job.complete',
} as const;

const str = (v: unknown): string => String(v);

export function assignKey(kind: 'job.assign' | 'job.unassign', jobId: string, staffId: string, at: Date) {
  return `${kind}:${jobId}:${staffId}:${at.toISOString()}`;
}

export function translateDomainEvent(event: DomainEvent, source: string): LabourRow[] {
  const at = typeof event.at === 'string' ? new Date(event.at) : null;
  const base = { source, seq: null };
  switch (event.type) {
    case 'job.started':
    case 'job.paused':
    case 'job.resumed':
    case 'job.completed': {
      const jobId = str(event.lineId);
      const kind = JOB_KINDS[event.type];
      const reason = kind === 'job.pause' ? (event.waitReason as WaitReason) : null;
      return [
        {
          ...base,
          sourceKey: `${kind}:${jobId}:${at!.toISOString()}`,
          kind,
          at: at!,
          payload: reason ? { jobId, reason } : { jobId },
          staffId: typeof event.staffId === 'string' ? event.staffId : null,
          liftId: typeof event.liftId === 'string' ? event.liftId : null,
          jobId,
          orderId: str(event.orderId),
          reason,
        },
      ];
    }
    case 'job.mechanic_assigned':
    case 'job.mechanic_unassigned': {
      const kind = event.type === 'job.mechanic_assigned' ? 'job.assign' : 'job.unassign';
      const jobId = str(event.lineId);
      const staffId = str(event.staffId);
      return [
        {
          ...base,
          sourceKey: assignKey(kind, jobId, staffId, at!),
          kind,
          at: at!,
          payload: { jobId, mechanicId: staffId },
          staffId,
          jobId,
          orderId: str(event.orderId),
        },
      ];
    }
    case 'approval.decided': {
      // A decision on the order's extra work ends the approval wait of every job of the order. A
      // declined part does not decline a job: for the waits it is simply "the customer answered".
      const decision = event.lineType === 'job' ? event.decision : 'approved';
      return [
        {
          ...base,
          sourceKey: `approval.decided:${str(event.lineId)}:${at!.toISOString()}`,
          kind: 'approval.decided',
          at: at!,
          payload: { orderId: str(event.orderId), decision },
          orderId: str(event.orderId),
          jobId: event.lineType === 'job' ? str(event.lineId) : null,
        },
      ];
    }
    case 'placement.placed':
    case 'placement.removed':
      return [
        {
          ...base,
          sourceKey: `${event.type}:${str(event.placementId)}`,
          kind: event.type,
          at: at!,
          payload:
            event.type === 'placement.placed'
              ? { orderId: str(event.orderId), liftId: str(event.liftId) }
              : { orderId: str(event.orderId) },
          liftId: str(event.liftId),
          orderId: str(event.orderId),
        },
      ];
    case 'parts.issued': {
      const issuedAt = new Date(str(event.issuedAt));
      return [
        {
          ...base,
          sourceKey: `parts.issued:${str(event.requestId)}`,
          kind: 'parts.issued',
          at: issuedAt,
          payload: { jobId: str(event.lineId) },
          jobId: str(event.lineId),
          orderId: str(event.orderId),
        },
      ];
    }
    case 'appointment.arrived':
      // The car is on site, booked on a lift: an assigned mechanic kept off that lift by another car
      // is waiting for the lift, not idle (LABOUR.md, "Outside a lift").
      if (typeof event.orderId !== 'string' || !at) return [];
      return [
        {
          ...base,
          sourceKey: `order.arrived:${str(event.appointmentId)}`,
          kind: 'order.arrived',
          at,
          payload: {
            orderId: event.orderId,
            plannedLiftId: typeof event.liftId === 'string' ? event.liftId : null,
          },
          liftId: typeof event.liftId === 'string' ? event.liftId : null,
          orderId: event.orderId,
        },
      ];
    case 'order.status_changed':
      if (!DEPARTED_STATUSES.has(str(event.to)) || DEPARTED_STATUSES.has(str(event.from))) return [];
      return [
        {
          ...base,
          sourceKey: `order.departed:${str(event.orderId)}:${at!.toISOString()}`,
          kind: 'order.departed',
          at: at!,
          payload: { orderId: str(event.orderId) },
          orderId: str(event.orderId),
        },
      ];
    default:
      return [];
  }
}
