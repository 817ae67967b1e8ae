import type {
  CannedJobDto,
  ContactDto,
  CustomerDto,
  JobMechanicDto,
  OrderJobDto,
  OrderPartDto,
  PhoneDto,
  VehicleDto,
  VehicleSummaryDto,
} from '../../contracts/workshop.ts';
import type {
  CannedJob,
  CannedJobLine,
  Customer,
  CustomerContact,
  CustomerPhone,
  OrderJob,
  OrderPart,
  Vehicle,
} from './models/index.ts';
import { lineIsBillable } from './rules/job-state.ts';
import { formatQuantity, parseQuantity } from './rules/money.ts';

export const iso = (d: Date | string | null | undefined): string | null =>
  d ? new Date(d).toISOString() : null;
const isoReq = (d: Date | string): string => new Date(d).toISOString();

/** numeric(14,3) arrives as "1.500"; the API shows the shortest form, "1.5". */
export const quantityText = (q: string | number): string => formatQuantity(parseQuantity(String(q)) ?? 0n);

export function presentPhone(p: CustomerPhone): PhoneDto {
  return { id: p.id, e164: p.e164, label: p.label, isPrimary: p.isPrimary, contactId: p.contactId };
}

export function presentVehicleSummary(
  v: Pick<Vehicle, 'id' | 'plate' | 'vin' | 'make' | 'model' | 'year'>,
): VehicleSummaryDto {
  return { id: v.id, plate: v.plate, vin: v.vin, make: v.make, model: v.model, year: v.year };
}

export function presentCustomer(
  c: Customer,
  phones: CustomerPhone[],
  contacts: CustomerContact[],
  vehicles: Vehicle[],
): CustomerDto {
  const contactDtos: ContactDto[] = contacts.map((k) => ({
    id: k.id,
    name: k.name,
    role: k.role,
    email: k.email,
    notes: k.notes,
    phones: phones.filter((p) => p.contactId === k.id).map(presentPhone),
  }));
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    email: c.email,
    taxId: c.taxId,
    legalAddress: c.legalAddress,
    notes: c.notes,
    ownerId: c.ownerId,
    phones: phones.filter((p) => p.contactId === null).map(presentPhone),
    contacts: contactDtos,
    consents: {
      sms: { service: c.consentSmsService, marketing: c.consentSmsMarketing },
      email: { service: c.consentEmailService, marketing: c.consentEmailMarketing },
      updatedAt: iso(c.consentsUpdatedAt),
    },
    vehicles: vehicles.map(presentVehicleSummary),
    mergedIntoId: c.mergedIntoId,
    createdAt: isoReq(c.createdAt),
    updatedAt: isoReq(c.updatedAt),
  };
}

export function presentVehicle(
  v: Vehicle,
  extra: { customerName: string | null; lastMileage: { km: number; readAt: Date } | null },
): VehicleDto {
  return {
    ...presentVehicleSummary(v),
    customerId: v.customerId,
    customerName: extra.customerName,
    engine: v.engine,
    color: v.color,
    notes: v.notes,
    lastMileage: extra.lastMileage
      ? { km: extra.lastMileage.km, readAt: isoReq(extra.lastMileage.readAt) }
      : null,
    createdAt: isoReq(v.createdAt),
    updatedAt: isoReq(v.updatedAt),
  };
}

function presentDecision(line: OrderJob | OrderPart) {
  return {
    recommended: line.recommended,
    recommendedByName: line.recommendedByName,
    decision: line.decision,
    decidedAt: iso(line.decidedAt),
    decidedByName: line.decidedByName,
    decidedVia: line.decidedVia,
    decisionNote: line.decisionNote,
    billable: lineIsBillable(line.decision),
  };
}

const lineTotals = (line: OrderJob | OrderPart) => ({
  grossMinor: line.grossMinor,
  discountMinor: line.discountMinor,
  netMinor: line.netMinor,
  taxMinor: line.taxMinor,
});

export function presentJob(job: OrderJob, mechanics: JobMechanicDto[]): OrderJobDto {
  return {
    id: job.id,
    position: job.position,
    name: job.name,
    jobKind: job.jobKind,
    normSeconds: job.normSeconds,
    pricing: job.pricing,
    ratePerHourMinor: job.ratePerHourMinor,
    fixedPriceMinor: job.fixedPriceMinor,
    discountBp: job.discountBp,
    state: job.state,
    waitReason: job.waitReason,
    stateChangedAt: isoReq(job.stateChangedAt),
    startedAt: iso(job.startedAt),
    completedAt: iso(job.completedAt),
    mechanics,
    cannedJobId: job.cannedJobId,
    notes: job.notes,
    totals: lineTotals(job),
    ...presentDecision(job),
  };
}

export function presentPart(part: OrderPart): OrderPartDto {
  return {
    id: part.id,
    position: part.position,
    kind: part.kind,
    partId: part.partId,
    sku: part.sku,
    name: part.name,
    quantity: quantityText(part.quantity),
    unit: part.unit,
    unitPriceMinor: part.unitPriceMinor,
    discountBp: part.discountBp,
    jobId: part.jobId,
    cannedJobId: part.cannedJobId,
    notes: part.notes,
    totals: lineTotals(part),
    ...presentDecision(part),
  };
}

export function presentCannedJob(job: CannedJob, lines: CannedJobLine[]): CannedJobDto {
  const sorted = [...lines].sort((a, b) => a.position - b.position);
  return {
    id: job.id,
    name: job.name,
    description: job.description,
    active: job.active,
    normSeconds: sorted.reduce((s, l) => s + (l.lineType === 'job' ? (l.normSeconds ?? 0) : 0), 0),
    lines: sorted.map((l) => ({
      id: l.id,
      position: l.position,
      lineType: l.lineType,
      name: l.name,
      jobKind: l.jobKind,
      normSeconds: l.normSeconds,
      pricing: l.pricing,
      ratePerHourMinor: l.ratePerHourMinor,
      fixedPriceMinor: l.fixedPriceMinor,
      partId: l.partId,
      sku: l.sku,
      quantity: l.quantity === null ? null : quantityText(l.quantity),
      unit: l.unit,
      unitPriceMinor: l.unitPriceMinor,
    })),
    createdAt: isoReq(job.createdAt),
    updatedAt: isoReq(job.updatedAt),
  };
}
