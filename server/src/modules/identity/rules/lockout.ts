/** After this many wrong passwords in a row, the account is locked for a while. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export interface LoginCounters {
  failedLogins: number;
  lockedUntil: Date | null;
}

export function isLocked(counters: LoginCounters, now: Date): boolean {
  return counters.lockedUntil !== null && counters.lockedUntil.getTime() > now.getTime();
}

/** The counters after one more wrong password: the fifth in a row locks the account. */
export function afterFailedLogin(counters: LoginCounters, now: Date): LoginCounters {
  const failedLogins = isLocked(counters, now) ? counters.failedLogins : counters.failedLogins + 1;
  if (failedLogins >= MAX_FAILED_LOGINS) {
    return { failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) };
  }
  return { failedLogins, lockedUntil: counters.lockedUntil };
}

export function secondsUntilUnlocked(counters: LoginCounters, now: Date): number {
  if (!counters.lockedUntil) return 0;
  return Math.max(0, Math.ceil((counters.lockedUntil.getTime() - now.getTime()) / 1000));
}
