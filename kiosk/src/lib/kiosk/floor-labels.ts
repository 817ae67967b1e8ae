import type { FloorJobState, FloorMechanicDto, LabourKind, WaitReasonCode } from '$contracts/labour.ts';
import type { Tone } from '../components/StatusPill.svelte';
import { ApiError } from '../api/api-error.ts';
import { errorMessage } from '../api/error-message.ts';
import { t, type MessageKey } from '../i18n/i18n.svelte.ts';

export function kindLabel(kind: LabourKind | null | undefined): string {
  if (!kind) return '';
  const key = `shopfloor.kind.${kind}` as MessageKey;
  return t(key) === key ? kind : t(key);
}

export function kindTone(kind: LabourKind | null | undefined): Tone {
  if (kind === 'productive') return 'success';
  if (kind?.startsWith('waiting:')) return 'warning';
  if (kind === 'break') return 'info';
  return 'neutral';
}

export function reasonLabel(reason: WaitReasonCode | null | undefined): string {
  if (!reason) return '';
  const key = `shopfloor.reason.${reason}` as MessageKey;
  return t(key) === key ? reason : t(key);
}

export function jobStateLabel(state: FloorJobState): string {
  return t(`shopfloor.job.${state}` as MessageKey);
}

export function jobStateTone(state: FloorJobState): Tone {
  switch (state) {
    case 'in_progress':
      return 'success';
    case 'waiting':
      return 'warning';
    case 'done':
      return 'info';
    case 'declined':
      return 'danger';
    default:
      return 'neutral';
  }
}

export function mechanicStateLabel(state: FloorMechanicDto['state']): string {
  return t(`shopfloor.mech.${state}` as MessageKey);
}

const TAP_KEYS: Record<string, MessageKey> = {
  opened: 'shopfloor.kiosk.tapStarted',
  closed: 'shopfloor.kiosk.tapStopped',
  moved: 'shopfloor.kiosk.tapMoved',
  duplicate: 'shopfloor.kiosk.tapDuplicate',
  clocked_in: 'shopfloor.kiosk.tapClockedIn',
  clocked_out: 'shopfloor.kiosk.tapClockedOut',
  unknown_badge: 'shopfloor.kiosk.tapUnknownBadge',
  unbound_reader: 'shopfloor.kiosk.tapUnboundReader',
};

/** "started" / "stopped" / why a tap was refused. */
export function tapOutcomeLabel(outcome: string): string {
  const key = TAP_KEYS[outcome];
  return key ? t(key) : t('shopfloor.kiosk.tapRefused');
}

/** Shop-floor refusals the server names by code; any other falls back to the common messages. */
const SHOPFLOOR_ERRORS = new Set([
  'not_on_this_lift',
  'not_present',
  'illegal_transition',
  'on_break',
  'not_on_break',
  'no_car_on_lift',
  'not_a_mechanic',
  'already_on_break',
]);

/**
 * What the server refused and why, on the kiosk: a shop-floor code in the screen's language; a code
 * the screen does not know shows the server's own message, which says more than a generic one.
 */
export function refusalMessage(err: unknown): string {
  if (err instanceof ApiError) {
    const code: string = err.code;
    if (SHOPFLOOR_ERRORS.has(code)) return t(`shopfloor.error.${code}` as MessageKey);
    if (err.code === 'conflict' || err.code === 'unexpected') return err.message || errorMessage(err);
    const known = errorMessage(err);
    if (known === t('error.unexpected') && err.message) return err.message;
    return known;
  }
  return errorMessage(err);
}
