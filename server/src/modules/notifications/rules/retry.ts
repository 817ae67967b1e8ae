/**
 * Retries wait base × 2^(attempt−1), capped, with ±20 % jitter from `random` (0..1) so that a relay
 * that comes back is not hit by every waiting message in the same second.
 */
export function retryDelaySeconds(
  attempt: number,
  policy: { baseSeconds: number; maxSeconds: number },
  random = 0.5,
): number {
  const exponential = policy.baseSeconds * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxSeconds, exponential);
  const jitter = 1 + (Math.min(1, Math.max(0, random)) - 0.5) * 0.4;
  return Math.max(1, Math.round(capped * jitter));
}

/** After `attempts` tries: another one, or give up. */
export function shouldRetry(attempts: number, maxAttempts: number): boolean {
  return attempts < maxAttempts;
}

/**
 * How many messages a channel may still send now under "at most `perMinute` in any 60 seconds",
 * given the times of its recent sends.
 */
export function rateBudget(perMinute: number, recentSends: readonly Date[], now: Date): number {
  const windowStart = now.getTime() - 60_000;
  const used = recentSends.filter((t) => t.getTime() > windowStart && t.getTime() <= now.getTime()).length;
  return Math.max(0, perMinute - used);
}
