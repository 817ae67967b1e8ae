import type {
  AppointmentStatus,
  DecisionChannel,
  JobState,
  LineDecision,
  OrderStatus,
  PaymentMethod,
  WaitReason,
} from '$contracts/workshop.ts';
import type { SelectOption } from '$lib/components/Select.svelte';
import type { Tone } from '$lib/components/StatusPill.svelte';
import { i18n, t, type MessageKey } from '$lib/i18n/i18n.svelte.ts';
import { session } from '../../session.svelte.ts';
import { formatMoney } from './money.ts';

export * from './money.ts';

/** The station's money in the desk's language. */
export const money = (minor: number) =>
  formatMoney(minor, session.me?.station.currency ?? 'RUB', i18n.locale);
export const stationCurrency = () => session.me?.station.currency ?? 'RUB';

/** "1 h 30 min" */
export function duration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return t('workshop.duration.m', { m });
  if (m === 0) return t('workshop.duration.h', { h });
  return t('workshop.duration.hm', { h, m });
}

export const ORDER_STATUSES: OrderStatus[] = [
  'estimate',
  'approved',
  'in_work',
  'done',
  'handed_over',
  'closed',
  'cancelled',
];
const STATUS_TONES: Record<OrderStatus, Tone> = {
  estimate: 'neutral',
  approved: 'info',
  in_work: 'warning',
  done: 'success',
  handed_over: 'info',
  closed: 'neutral',
  cancelled: 'danger',
};
export const orderStatusLabel = (s: OrderStatus) => t(`workshop.status.${s}` as MessageKey);
export const orderStatusTone = (s: OrderStatus) => STATUS_TONES[s];
export const orderStatusOptions = (): SelectOption[] =>
  ORDER_STATUSES.map((s) => ({ value: s, label: orderStatusLabel(s) }));
/** The button that moves an order to a status ("Approve", "Start work"). */
export const transitionLabel = (s: OrderStatus) => t(`workshop.transition.${s}` as MessageKey);

export const jobStateLabel = (s: JobState, reason: WaitReason | null) =>
  s === 'waiting' && reason
    ? t('workshop.jobState.waitingFor', { reason: t(`workshop.wait.${reason}` as MessageKey) })
    : t(`workshop.jobState.${s}` as MessageKey);
export const decisionLabel = (d: LineDecision) => t(`workshop.decision.${d}` as MessageKey);
export const channelLabel = (c: DecisionChannel) => t(`workshop.via.${c}` as MessageKey);
export const channelOptions = (): SelectOption[] =>
  (['phone', 'in_person', 'signed'] as const).map((c) => ({ value: c, label: channelLabel(c) }));
export const methodLabel = (m: PaymentMethod) => t(`workshop.method.${m}` as MessageKey);
export const methodOptions = (): SelectOption[] =>
  (['cash', 'card', 'bank_transfer'] as const).map((m) => ({ value: m, label: methodLabel(m) }));
export const appointmentStatusLabel = (s: AppointmentStatus) => t(`workshop.appointment.${s}` as MessageKey);

export const LIFT_KINDS = ['two_post', 'four_post', 'scissor', 'alignment', 'pit', 'other'] as const;
export const liftKindLabel = (kind: string) =>
  (LIFT_KINDS as readonly string[]).includes(kind) ? t(`lift.kind.${kind}` as MessageKey) : kind;
export const liftKindOptions = (): SelectOption[] =>
  LIFT_KINDS.map((k) => ({ value: k, label: liftKindLabel(k) }));

export const vehicleLabel = (v: {
  plate: string | null;
  make: string | null;
  model: string | null;
  vin?: string | null;
}) =>
  [v.plate, [v.make, v.model].filter(Boolean).join(' ')].filter(Boolean).join(' · ') ||
  v.vin ||
  t('workshop.vehicle.unnamed');
