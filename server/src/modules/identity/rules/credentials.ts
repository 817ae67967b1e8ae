/** Logins are lower-case so that "Ivanov" and "ivanov" are one person. */
export function normalizeLogin(login: string): string {
  return login.trim().toLowerCase();
}

export const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;
export const MIN_PASSWORD_LENGTH = 8;

/** Why a password is refused, or null. Length beats composition rules (NIST 800-63B). */
export function passwordProblem(password: string, login?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 256) return 'must be at most 256 characters';
  if (login && password.toLowerCase() === login.toLowerCase()) return 'must not be the same as the login';
  return null;
}
