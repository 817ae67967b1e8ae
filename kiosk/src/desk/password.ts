import { t } from '$lib/i18n/i18n.svelte.ts';

/** The server's rule (8 to 256 characters, not the login), checked here first for a translated message. */
export const MIN_PASSWORD_LENGTH = 8;

export function passwordProblem(password: string, login?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return t('form.passwordTooShort', { min: MIN_PASSWORD_LENGTH });
  if (password.length > 256) return t('form.passwordTooLong');
  if (login && password.toLowerCase() === login.trim().toLowerCase()) return t('form.passwordIsLogin');
  return null;
}
