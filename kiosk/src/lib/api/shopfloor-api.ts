import type { Page } from '$contracts/dto.ts';
import type {
  FloorStateDto,
  JobFiguresDto,
  LiftFiguresDto,
  LiftFloorDto,
  MechanicFiguresDto,
  ReviewItemDto,
  WaitReasonCode,
} from '$contracts/labour.ts';
import type {
  BridgeBindingDto,
  BridgeDto,
  BridgeSecretDto,
  RejectedPayloadDto,
  ShopfloorEventDto,
} from '$contracts/shopfloor.ts';
import type { ApiClient } from './client.ts';

const id = (value: string) => encodeURIComponent(value);

export type KioskJobAction = 'start' | 'pause' | 'resume' | 'complete';

export interface PartsRequestInput {
  staffId: string;
  note?: string;
  items?: Array<{ partId?: string; description?: string; quantity: number }>;
}

/** The lift kiosk's actions, with its device token: each answers with the lift's floor after it. */
export function liftKioskApi(client: ApiClient) {
  return {
    floor: () => client.get<LiftFloorDto>('/api/kiosk/floor'),
    job: (jobId: string, action: KioskJobAction, staffId: string, reason?: WaitReasonCode) =>
      client.post<LiftFloorDto>(
        `/api/kiosk/jobs/${id(jobId)}/${action}`,
        reason ? { staffId, reason } : { staffId },
      ),
    requestParts: (jobId: string, input: PartsRequestInput) =>
      client.post<LiftFloorDto>(`/api/kiosk/jobs/${id(jobId)}/request-parts`, input),
    breakStart: (staffId: string) => client.post<LiftFloorDto>('/api/kiosk/breaks/start', { staffId }),
    breakEnd: (staffId: string) => client.post<LiftFloorDto>('/api/kiosk/breaks/end', { staffId }),
  };
}

export interface RegisterBridgeInput {
  id: string;
  name: string;
  location?: string | null;
}

export interface BindInput {
  kind: BridgeBindingDto['kind'];
  liftId?: string;
  entrance?: boolean;
}

export type CorrectionInput =
  | { kind: 'close_session'; staffId: string; liftId: string; at: string; reason: string }
  | {
      kind: 'move_time';
      staffId: string;
      fromJobId: string;
      toJobId: string;
      from: string;
      to: string;
      reason: string;
    };

export interface Period {
  from: string;
  to: string;
}

/** The desk's shop-floor screens: bridges, the live floor, the foreman's review and the figures. */
export function shopfloorApi(client: ApiClient) {
  return {
    bridges: {
      list: () => client.get<BridgeDto[]>('/api/bridges'),
      register: (input: RegisterBridgeInput) =>
        client.post<BridgeSecretDto & { bridge: BridgeDto }>('/api/bridges', input),
      rotate: (bridgeId: string) => client.post<BridgeSecretDto>(`/api/bridges/${id(bridgeId)}/secret`),
      revoke: (bridgeId: string) => client.delete<BridgeDto>(`/api/bridges/${id(bridgeId)}`),
      bind: (bridgeId: string, deviceId: string, input: BindInput) =>
        client.put<BridgeDto>(`/api/bridges/${id(bridgeId)}/bindings/${id(deviceId)}`, input),
      unbind: (bridgeId: string, deviceId: string) =>
        client.delete<BridgeDto>(`/api/bridges/${id(bridgeId)}/bindings/${id(deviceId)}`),
      rejected: (bridgeId: string, offset = 0, limit = 50) =>
        client.get<Page<RejectedPayloadDto>>(`/api/bridges/${id(bridgeId)}/rejected`, { offset, limit }),
      events: (bridgeId: string, offset = 0, limit = 50) =>
        client.get<Page<ShopfloorEventDto>>(`/api/bridges/${id(bridgeId)}/events`, { offset, limit }),
    },
    floor: () => client.get<FloorStateDto>('/api/timeclock/floor'),
    review: (period: Period) => client.get<ReviewItemDto[]>('/api/timeclock/review', { ...period }),
    correct: (input: CorrectionInput) => client.post<unknown>('/api/timeclock/corrections', input),
    figures: {
      mechanics: (period: Period) =>
        client.get<MechanicFiguresDto[]>('/api/timeclock/figures/mechanics', { ...period }),
      lifts: (period: Period) => client.get<LiftFiguresDto[]>('/api/timeclock/figures/lifts', { ...period }),
      job: (jobId: string) => client.get<JobFiguresDto>(`/api/timeclock/figures/jobs/${id(jobId)}`),
    },
  };
}

export type ShopfloorApi = ReturnType<typeof shopfloorApi>;
