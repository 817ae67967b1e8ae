import type { DecisionChannel, OrderStatus, PaymentMethod, WaitReason } from '../../contracts/workshop.ts';

/**
 * Domain events the workshop and the scheduler publish on deps.bus after their transaction commits.
 * Other modules (timeclock, realtime, CRM, notifications) subscribe with `deps.bus.subscribe`.
 * Instants are ISO-8601 UTC strings.
 */
export interface JobEvent {
  type: 'job.started' | 'job.paused' | 'job.resumed' | 'job.completed';
  orderId: string;
  lineId: string;
  /** The lift the order's car is on at that moment, if any. */
  liftId: string | null;
  state: 'planned' | 'in_progress' | 'waiting' | 'done';
  waitReason: WaitReason | null;
  previousState: 'planned' | 'in_progress' | 'waiting' | 'done';
  previousWaitReason: WaitReason | null;
  staffId: string | null;
  at: string;
}

export interface JobAssignmentEvent {
  type: 'job.mechanic_assigned' | 'job.mechanic_unassigned';
  orderId: string;
  lineId: string;
  staffId: string;
  liftId: string | null;
  at: string;
}

export interface ApprovalDecidedEvent {
  type: 'approval.decided';
  orderId: string;
  lineId: string;
  lineType: 'job' | 'part' | 'consumable';
  decision: 'approved' | 'declined';
  via: DecisionChannel;
  liftId: string | null;
  at: string;
}

export interface PlacementEvent {
  type: 'placement.placed' | 'placement.removed';
  placementId: string;
  orderId: string;
  liftId: string;
  at: string;
}

export interface OrderStatusChangedEvent {
  type: 'order.status_changed';
  orderId: string;
  number: string;
  customerId: string;
  vehicleId: string;
  from: OrderStatus;
  to: OrderStatus;
  at: string;
}

export interface PaymentRecordedEvent {
  type: 'payment.recorded';
  paymentId: string;
  orderId: string;
  customerId: string;
  kind: 'payment' | 'refund';
  method: PaymentMethod;
  /** Negative for a refund. */
  amountMinor: number;
  paidMinor: number;
  balanceMinor: number;
  at: string;
}

export interface AppointmentBookedEvent {
  type: 'appointment.booked';
  appointmentId: string;
  liftId: string;
  orderId: string | null;
  customerId: string | null;
  vehicleId: string | null;
  startsAt: string;
  endsAt: string;
}

export interface CustomerMergedEvent {
  type: 'customer.merged';
  sourceId: string;
  targetId: string;
  moved: Record<string, number>;
}

export type WorkshopEvent =
  | JobEvent
  | JobAssignmentEvent
  | ApprovalDecidedEvent
  | PlacementEvent
  | OrderStatusChangedEvent
  | PaymentRecordedEvent
  | AppointmentBookedEvent
  | CustomerMergedEvent;
