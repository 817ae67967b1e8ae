import { ApiClient } from '$lib/api/client.ts';
import { notificationsApi } from '$lib/api/notifications-api.ts';
import type { MessageKey } from '$lib/i18n/i18n.svelte.ts';
import { t } from '$lib/i18n/i18n.svelte.ts';
import { session } from '../../session.svelte.ts';

/** The notifications API for the desk: a 401 sends the desk back through its sign-in check. */
export const notifications = notificationsApi(
  new ApiClient({ onUnauthenticated: () => void session.start() }),
);

export const KINDS = [
  'booking_confirmed',
  'appointment_reminder',
  'car_ready',
  'parts_arrived',
  'service_due',
  'survey_request',
  'birthday_greeting',
  'campaign',
] as const;

/** A message kind's name; a kind added on the server later shows its code. */
export function kindLabel(kind: string): string {
  return (KINDS as readonly string[]).includes(kind) ? t(`notifications.kind.${kind}` as MessageKey) : kind;
}

export const STATUS_TONES = {
  queued: 'info',
  sending: 'info',
  sent: 'success',
  delivered: 'success',
  failed: 'danger',
  cancelled: 'neutral',
} as const;

const EVENT_STATUSES = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'failed',
  'cancelled',
  'deferred',
  'requeued',
  'retry',
  'waiting',
];

/** A message's or a delivery-log event's status in words; an unknown one shows its code. */
export function statusLabel(status: string): string {
  return EVENT_STATUSES.includes(status) ? t(`notifications.status.${status}` as MessageKey) : status;
}
