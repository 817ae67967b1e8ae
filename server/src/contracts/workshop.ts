/**
 * JSON shapes of the workshop and scheduler API (customers, vehicles, repair orders, payments,
 * canned jobs, lifts, mechanics, appointments, placements). Money is in integer minor units of the
 * station currency, quantities are decimal strings, durations whole seconds, timestamps ISO-8601 UTC.
 */

export type CustomerKind = 'individual' | 'company';
export type OrderStatus =
  'estimate' | 'approved' | 'in_work' | 'done' | 'handed_over' | 'closed' | 'cancelled';
export type JobState = 'planned' | 'in_progress' | 'waiting' | 'done';
export type WaitReason = 'parts' | 'approval' | 'tool' | 'lift' | 'other';
export type LineDecision = 'pending' | 'approved' | 'declined';
export type DecisionChannel = 'phone' | 'in_person' | 'signed';
export type PaymentMethod = 'cash' | 'card' | 'bank_transfer';
export type AppointmentStatus = 'booked' | 'arrived' | 'completed' | 'cancelled' | 'no_show';
export type DocumentKind = 'estimate' | 'repair-order' | 'invoice' | 'act';

export interface PhoneDto {
  id: string;
  e164: string;
  label: string | null;
  isPrimary: boolean;
  contactId: string | null;
}

export interface ContactDto {
  id: string;
  name: string;
  role: string | null;
  email: string | null;
  notes: string | null;
  phones: PhoneDto[];
}

export interface ConsentsDto {
  sms: { service: boolean; marketing: boolean };
  email: { service: boolean; marketing: boolean };
  updatedAt: string | null;
}

export interface VehicleSummaryDto {
  id: string;
  plate: string | null;
  vin: string | null;
  make: string | null;
  model: string | null;
  year: number | null;
}

export interface CustomerDto {
  id: string;
  kind: CustomerKind;
  name: string;
  email: string | null;
  taxId: string | null;
  legalAddress: string | null;
  notes: string | null;
  ownerId: string | null;
  phones: PhoneDto[];
  contacts: ContactDto[];
  consents: ConsentsDto;
  vehicles: VehicleSummaryDto[];
  mergedIntoId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CustomerSummaryDto {
  id: string;
  kind: CustomerKind;
  name: string;
  email: string | null;
  phones: string[];
  vehicles: VehicleSummaryDto[];
  ownerId: string | null;
}

export interface DuplicateCandidateDto {
  customer: CustomerSummaryDto;
  /** What matched: `phone:+79261234567`, `vin:…`. */
  matches: string[];
}

export interface VehicleDto extends VehicleSummaryDto {
  customerId: string | null;
  customerName: string | null;
  engine: string | null;
  color: string | null;
  notes: string | null;
  lastMileage: { km: number; readAt: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface MileageReadingDto {
  id: string;
  km: number;
  readAt: string;
  source: 'manual' | 'intake' | 'import';
  orderId: string | null;
  lowerConfirmed: boolean;
  recordedByName: string | null;
}

export interface OwnershipDto {
  id: string;
  customerId: string;
  customerName: string;
  startedAt: string;
  endedAt: string | null;
}

export interface LineTotalsDto {
  grossMinor: number;
  discountMinor: number;
  netMinor: number;
  taxMinor: number;
}

export interface LineDecisionDto {
  recommended: boolean;
  recommendedByName: string | null;
  decision: LineDecision | null;
  decidedAt: string | null;
  decidedByName: string | null;
  decidedVia: DecisionChannel | null;
  decisionNote: string | null;
  /** Counted in the totals and workable: not a recommendation, or an approved one. */
  billable: boolean;
}

export interface JobMechanicDto {
  staffId: string;
  fullName: string;
  assignedAt: string;
}

export interface OrderJobDto extends LineDecisionDto {
  id: string;
  position: number;
  name: string;
  jobKind: string | null;
  normSeconds: number;
  pricing: 'hourly' | 'fixed';
  ratePerHourMinor: number | null;
  fixedPriceMinor: number | null;
  discountBp: number;
  state: JobState;
  waitReason: WaitReason | null;
  stateChangedAt: string;
  startedAt: string | null;
  completedAt: string | null;
  mechanics: JobMechanicDto[];
  cannedJobId: string | null;
  notes: string | null;
  totals: LineTotalsDto;
}

export interface OrderPartDto extends LineDecisionDto {
  id: string;
  position: number;
  kind: 'part' | 'consumable';
  partId: string | null;
  sku: string | null;
  name: string;
  quantity: string;
  unit: string;
  unitPriceMinor: number;
  discountBp: number;
  jobId: string | null;
  cannedJobId: string | null;
  notes: string | null;
  totals: LineTotalsDto;
}

export interface OrderTotalsDto {
  labourMinor: number;
  partsMinor: number;
  grossMinor: number;
  discountMinor: number;
  netMinor: number;
  taxMinor: number;
  totalMinor: number;
  totalWithoutTaxMinor: number;
}

export interface RepairOrderSummaryDto {
  id: string;
  number: string;
  status: OrderStatus;
  customerId: string;
  customerName: string;
  vehicle: VehicleSummaryDto;
  advisorId: string | null;
  totalMinor: number;
  paidMinor: number;
  balanceMinor: number;
  createdAt: string;
  statusChangedAt: string;
}

export interface RepairOrderDto extends RepairOrderSummaryDto {
  allowedTransitions: OrderStatus[];
  advisorName: string | null;
  mileageKm: number | null;
  complaint: string | null;
  notes: string | null;
  discountBp: number;
  tax: { rateBp: number; pricesIncludeTax: boolean };
  totals: OrderTotalsDto;
  /** Norm time of the billable jobs: what a booking on a lift should last. */
  normSeconds: number;
  /** The booking length the scheduler suggests: the norm time rounded up to 15-minute slots, at least 30 minutes. */
  suggestedBookingSeconds: number;
  credit: { allowedAt: string; allowedBy: string | null; note: string | null } | null;
  cancelReason: string | null;
  closedAt: string | null;
  /** The lift the car is on now, if it is on one. */
  liftId: string | null;
  jobs: OrderJobDto[];
  parts: OrderPartDto[];
  updatedAt: string;
}

export interface StatusChangeDto {
  from: OrderStatus | null;
  to: OrderStatus;
  at: string;
  actorName: string | null;
  reason: string | null;
}

export interface PaymentDto {
  id: string;
  orderId: string;
  orderNumber: string;
  method: PaymentMethod;
  kind: 'payment' | 'refund';
  amountMinor: number;
  refundOf: string | null;
  receivedAt: string;
  recordedByName: string | null;
  note: string | null;
}

export interface OrderPaymentsDto {
  items: PaymentDto[];
  totalMinor: number;
  paidMinor: number;
  balanceMinor: number;
}

export interface CannedJobLineDto {
  id: string;
  position: number;
  lineType: 'job' | 'part' | 'consumable';
  name: string;
  jobKind: string | null;
  normSeconds: number | null;
  pricing: 'hourly' | 'fixed' | null;
  ratePerHourMinor: number | null;
  fixedPriceMinor: number | null;
  partId: string | null;
  sku: string | null;
  quantity: string | null;
  unit: string | null;
  unitPriceMinor: number | null;
}

export interface CannedJobDto {
  id: string;
  name: string;
  description: string | null;
  active: boolean;
  normSeconds: number;
  lines: CannedJobLineDto[];
  createdAt: string;
  updatedAt: string;
}

/** A recommended line that was offered to the customer, for the history cards. */
export interface OfferedLineDto {
  lineType: 'job' | 'part' | 'consumable';
  lineId: string;
  orderId: string;
  orderNumber: string;
  vehicleId: string;
  name: string;
  amountMinor: number;
  decision: LineDecision;
  recommendedByName: string | null;
  decidedAt: string | null;
  decidedVia: DecisionChannel | null;
  decisionNote: string | null;
  createdAt: string;
}

export interface VisitDto {
  appointmentId: string;
  startsAt: string;
  endsAt: string;
  status: AppointmentStatus;
  liftId: string;
  liftName: string;
  orderId: string | null;
  orderNumber: string | null;
  vehicleId: string | null;
  title: string | null;
}

export interface HistoryPage<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

export interface CustomerCardDto {
  customer: CustomerDto;
  summary: {
    ordersCount: number;
    /** Sum of the totals of closed and handed-over orders. */
    spentMinor: number;
    /** What the customer owes: positive balances of handed-over and closed orders. */
    debtMinor: number;
    /** Total − paid over every open (not closed, not cancelled) order. */
    openBalanceMinor: number;
    lastVisitAt: string | null;
  };
  orders: HistoryPage<RepairOrderSummaryDto>;
  payments: HistoryPage<PaymentDto>;
  visits: HistoryPage<VisitDto>;
  declined: HistoryPage<OfferedLineDto>;
  recommendations: HistoryPage<OfferedLineDto>;
}

export interface VehicleCardDto {
  vehicle: VehicleDto;
  owners: OwnershipDto[];
  mileage: MileageReadingDto[];
  summary: { ordersCount: number; debtMinor: number; lastVisitAt: string | null };
  orders: HistoryPage<RepairOrderSummaryDto>;
  payments: HistoryPage<PaymentDto>;
  visits: HistoryPage<VisitDto>;
  declined: HistoryPage<OfferedLineDto>;
  recommendations: HistoryPage<OfferedLineDto>;
}

export interface MechanicDto {
  staffId: string;
  fullName: string;
  active: boolean;
  skills: Array<{ skill: string; level: number }>;
  /** Station-local times per ISO weekday (1 = Monday). */
  shifts: Array<{ weekday: number; startsAt: string; endsAt: string }>;
}

export interface AppointmentDto {
  id: string;
  liftId: string;
  orderId: string | null;
  orderNumber: string | null;
  customerId: string | null;
  customerName: string | null;
  vehicle: VehicleSummaryDto | null;
  startsAt: string;
  endsAt: string;
  status: AppointmentStatus;
  title: string | null;
  note: string | null;
  cancelReason: string | null;
  mechanics: Array<{ staffId: string; fullName: string }>;
  createdAt: string;
  updatedAt: string;
}

export interface ScheduleWarningDto {
  code: 'mechanic_overloaded' | 'mechanic_off_shift' | 'lift_job_kinds';
  message: string;
  staffId?: string;
  date?: string;
  bookedSeconds?: number;
  shiftSeconds?: number;
  jobKinds?: string[];
}

export interface BookingResultDto {
  appointment: AppointmentDto;
  warnings: ScheduleWarningDto[];
}

export interface PlacementDto {
  id: string;
  orderId: string;
  orderNumber: string;
  liftId: string;
  placedAt: string;
  removedAt: string | null;
  placedByName: string | null;
  removedByName: string | null;
}

export interface ScheduleLiftDto {
  lift: {
    id: string;
    code: string;
    name: string;
    kind: string;
    status: 'working' | 'out_of_order';
    jobKinds: string[];
  };
  appointments: AppointmentDto[];
  placements: PlacementDto[];
}

export interface ScheduleViewDto {
  /** First and last station-local date shown (inclusive). */
  from: string;
  to: string;
  timezone: string;
  /** UTC bounds of the period. */
  startsAt: string;
  endsAt: string;
  lifts: ScheduleLiftDto[];
}
