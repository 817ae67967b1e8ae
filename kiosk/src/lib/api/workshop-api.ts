import type { Page } from '$contracts/dto.ts';
import type {
  AppointmentDto,
  BookingResultDto,
  CannedJobDto,
  CustomerCardDto,
  CustomerDto,
  CustomerKind,
  CustomerSummaryDto,
  DecisionChannel,
  DocumentKind,
  MechanicDto,
  MileageReadingDto,
  OrderPaymentsDto,
  OrderStatus,
  PaymentMethod,
  RepairOrderDto,
  RepairOrderSummaryDto,
  ScheduleViewDto,
  VehicleCardDto,
  VehicleDto,
} from '$contracts/workshop.ts';
import type { LiftDto } from '$contracts/dto.ts';
import type { ApiClient, Query } from './client.ts';

/** Request bodies and filters of the workshop and scheduler routes (mirroring the server's schemas). */

export interface CustomerSearch extends Query {
  q?: string;
  offset?: number;
  limit?: number;
}

export interface VehicleInput {
  vin?: string | null;
  plate?: string | null;
  make?: string | null;
  model?: string | null;
  year?: number | null;
  engine?: string | null;
  color?: string | null;
  notes?: string | null;
  mileageKm?: number;
}

export interface CreateCustomerInput {
  kind: CustomerKind;
  name: string;
  email?: string | null;
  taxId?: string | null;
  notes?: string | null;
  phones?: Array<{ number: string; primary?: boolean }>;
  vehicles?: VehicleInput[];
  force?: boolean;
}

export interface CreateVehicleInput extends VehicleInput {
  customerId: string;
  force?: boolean;
}

export interface OrderFilters extends Query {
  status?: OrderStatus | '';
  open?: 'true' | 'false' | '';
  q?: string;
  customerId?: string;
  vehicleId?: string;
  offset?: number;
  limit?: number;
}

export interface CreateOrderInput {
  customerId: string;
  vehicleId: string;
  mileageKm?: number;
  confirmLowerMileage?: boolean;
  complaint?: string | null;
}

export interface JobInput {
  name: string;
  jobKind?: string | null;
  normHours?: number;
  pricing: 'hourly' | 'fixed';
  ratePerHourMinor?: number | null;
  fixedPriceMinor?: number | null;
  discountBp?: number;
  recommended?: boolean;
  notes?: string | null;
}

export interface PartInput {
  kind?: 'part' | 'consumable';
  sku?: string | null;
  name: string;
  quantity: string;
  unit?: string;
  unitPriceMinor: number;
  discountBp?: number;
  recommended?: boolean;
}

export interface PaymentInput {
  method: PaymentMethod;
  kind: 'payment' | 'refund';
  amountMinor: number;
  refundOf?: string;
  note?: string | null;
}

export interface BookInput {
  liftId: string;
  startsAt: string;
  endsAt?: string;
  orderId?: string | null;
  customerId?: string | null;
  vehicleId?: string | null;
  mechanicIds?: string[];
  title?: string | null;
  note?: string | null;
}

export interface ChangeBookingInput {
  liftId?: string;
  startsAt?: string;
  endsAt?: string;
  mechanicIds?: string[];
  title?: string | null;
}

export interface LiftInput {
  code: string;
  name: string;
  kind: string;
  status?: 'working' | 'out_of_order';
  position?: number;
  jobKinds?: string[];
}

export type HistorySection = 'orders' | 'payments' | 'visits' | 'declined' | 'recommendations';

const id = (value: string) => encodeURIComponent(value);

/** The URL of a printable document of an order (the browser opens or downloads it). */
export function documentUrl(orderId: string, kind: DocumentKind, lang?: string): string {
  return `/api/orders/${id(orderId)}/documents/${kind}.pdf${lang ? `?lang=${lang}` : ''}`;
}

/** The desk's typed view of the workshop and scheduler API. */
export function workshopApi(client: ApiClient) {
  return {
    customers: {
      search: (query: CustomerSearch) => client.get<Page<CustomerSummaryDto>>('/api/customers', query),
      get: (customerId: string) => client.get<CustomerDto>(`/api/customers/${id(customerId)}`),
      create: (input: CreateCustomerInput) => client.post<CustomerDto>('/api/customers', input),
      update: (customerId: string, input: Partial<CreateCustomerInput>) =>
        client.patch<CustomerDto>(`/api/customers/${id(customerId)}`, input),
      card: (customerId: string, page: { offset?: number; limit?: number } = {}) =>
        client.get<CustomerCardDto>(`/api/customers/${id(customerId)}/card`, page),
      history: <T>(customerId: string, section: HistorySection, page: { offset: number; limit: number }) =>
        client.get<Page<T>>(`/api/customers/${id(customerId)}/history/${section}`, page),
      merge: (targetId: string, sourceId: string) =>
        client.post<{ customer: CustomerDto; moved: Record<string, number> }>('/api/customers/merge', {
          targetId,
          sourceId,
        }),
    },
    vehicles: {
      create: (input: CreateVehicleInput) => client.post<VehicleDto>('/api/vehicles', input),
      get: (vehicleId: string) => client.get<VehicleDto>(`/api/vehicles/${id(vehicleId)}`),
      update: (vehicleId: string, input: VehicleInput) =>
        client.patch<VehicleDto>(`/api/vehicles/${id(vehicleId)}`, input),
      card: (vehicleId: string, page: { offset?: number; limit?: number } = {}) =>
        client.get<VehicleCardDto>(`/api/vehicles/${id(vehicleId)}/card`, page),
      history: <T>(vehicleId: string, section: HistorySection, page: { offset: number; limit: number }) =>
        client.get<Page<T>>(`/api/vehicles/${id(vehicleId)}/history/${section}`, page),
      recordMileage: (vehicleId: string, km: number, confirmLowerMileage = false) =>
        client.post<MileageReadingDto[]>(`/api/vehicles/${id(vehicleId)}/mileage`, {
          km,
          confirmLowerMileage,
        }),
    },
    orders: {
      list: (filters: OrderFilters) => client.get<Page<RepairOrderSummaryDto>>('/api/orders', filters),
      get: (orderId: string) => client.get<RepairOrderDto>(`/api/orders/${id(orderId)}`),
      create: (input: CreateOrderInput) => client.post<RepairOrderDto>('/api/orders', input),
      update: (orderId: string, input: { complaint?: string | null; discountBp?: number }) =>
        client.patch<RepairOrderDto>(`/api/orders/${id(orderId)}`, input),
      transition: (
        orderId: string,
        input: { to: OrderStatus; reason?: string | null; allowCredit?: boolean },
      ) => client.post<RepairOrderDto>(`/api/orders/${id(orderId)}/transitions`, input),
      addJob: (orderId: string, input: JobInput) =>
        client.post<RepairOrderDto>(`/api/orders/${id(orderId)}/jobs`, input),
      updateJob: (orderId: string, lineId: string, input: Partial<JobInput>) => {
        const { recommended: _recommended, ...body } = input;
        return client.patch<RepairOrderDto>(`/api/orders/${id(orderId)}/jobs/${id(lineId)}`, body);
      },
      removeJob: (orderId: string, lineId: string) =>
        client.delete<RepairOrderDto>(`/api/orders/${id(orderId)}/jobs/${id(lineId)}`),
      addPart: (orderId: string, input: PartInput) =>
        client.post<RepairOrderDto>(`/api/orders/${id(orderId)}/parts`, input),
      updatePart: (orderId: string, lineId: string, input: Partial<PartInput>) => {
        const { recommended: _recommended, ...body } = input;
        return client.patch<RepairOrderDto>(`/api/orders/${id(orderId)}/parts/${id(lineId)}`, body);
      },
      removePart: (orderId: string, lineId: string) =>
        client.delete<RepairOrderDto>(`/api/orders/${id(orderId)}/parts/${id(lineId)}`),
      applyCannedJob: (orderId: string, cannedJobId: string, recommended = false) =>
        client.post<RepairOrderDto>(`/api/orders/${id(orderId)}/canned-jobs`, { cannedJobId, recommended }),
      decide: (
        orderId: string,
        input: {
          decisions: Array<{ lineId: string; decision: 'approved' | 'declined' }>;
          via: DecisionChannel;
          note?: string | null;
        },
      ) => client.post<RepairOrderDto>(`/api/orders/${id(orderId)}/decisions`, input),
      payments: (orderId: string) => client.get<OrderPaymentsDto>(`/api/orders/${id(orderId)}/payments`),
      pay: (orderId: string, input: PaymentInput) =>
        client.post<OrderPaymentsDto>(`/api/orders/${id(orderId)}/payments`, input),
    },
    cannedJobs: {
      list: (query: { q?: string; active?: 'true' | 'false'; offset?: number; limit?: number }) =>
        client.get<Page<CannedJobDto>>('/api/canned-jobs', query),
    },
    lifts: {
      list: () => client.get<LiftDto[]>('/api/lifts'),
      create: (input: LiftInput) => client.post<LiftDto>('/api/lifts', input),
      update: (liftId: string, input: Partial<LiftInput>) =>
        client.patch<LiftDto>(`/api/lifts/${id(liftId)}`, input),
    },
    mechanics: {
      list: (active?: 'true' | 'false') => client.get<MechanicDto[]>('/api/mechanics', { active }),
      setSkills: (staffId: string, skills: Array<{ skill: string; level?: number }>) =>
        client.put<MechanicDto>(`/api/mechanics/${id(staffId)}/skills`, { skills }),
      setShifts: (staffId: string, shifts: Array<{ weekday: number; startsAt: string; endsAt: string }>) =>
        client.put<MechanicDto>(`/api/mechanics/${id(staffId)}/shifts`, { shifts }),
    },
    schedule: {
      day: (date: string) => client.get<ScheduleViewDto>('/api/schedule/day', { date }),
      week: (date: string) => client.get<ScheduleViewDto>('/api/schedule/week', { date }),
      book: (input: BookInput) => client.post<BookingResultDto>('/api/appointments', input),
      change: (appointmentId: string, input: ChangeBookingInput) =>
        client.patch<BookingResultDto>(`/api/appointments/${id(appointmentId)}`, input),
      cancel: (appointmentId: string, reason: string) =>
        client.post<AppointmentDto>(`/api/appointments/${id(appointmentId)}/cancel`, { reason }),
      noShow: (appointmentId: string) =>
        client.post<AppointmentDto>(`/api/appointments/${id(appointmentId)}/no-show`),
    },
  };
}

export type WorkshopApi = ReturnType<typeof workshopApi>;
