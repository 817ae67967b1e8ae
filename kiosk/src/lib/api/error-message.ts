import { t, type MessageKey } from '../i18n/i18n.svelte.ts';
import { ApiError, type ClientErrorCode } from './api-error.ts';

const KEYS: Record<ClientErrorCode, MessageKey> = {
  validation_failed: 'error.validation_failed',
  unauthenticated: 'error.unauthenticated',
  invalid_credentials: 'error.invalid_credentials',
  locked_out: 'error.locked_out',
  rate_limited: 'error.rate_limited',
  forbidden: 'error.forbidden',
  not_found: 'error.not_found',
  conflict: 'error.conflict',
  already_set_up: 'error.already_set_up',
  invalid_pairing_code: 'error.invalid_pairing_code',
  badge_in_use: 'error.badge_in_use',
  payload_too_large: 'error.payload_too_large',
  not_ready: 'error.not_ready',
  internal: 'error.internal',
  network: 'error.network',
  unexpected: 'error.unexpected',
};

/** The on-screen text of an error: the API's code translated, with its numbers (minutes, seconds). */
export function errorMessage(err: unknown): string {
  if (!(err instanceof ApiError)) return t('error.unexpected');
  const key = KEYS[err.code] ?? 'error.unexpected';
  const seconds = err.retryAfterSeconds ?? 60;
  return t(key, { minutes: Math.max(1, Math.ceil(seconds / 60)), seconds, field: err.field ?? '' });
}

/** The error of one form field, when the server named it. */
export function fieldError(err: unknown, field: string): string | undefined {
  if (!(err instanceof ApiError) || err.field !== field) return undefined;
  return errorMessage(err);
}
