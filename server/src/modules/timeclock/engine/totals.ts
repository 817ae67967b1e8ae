import {
  PRODUCTIVE_UNITS,
  WAIT_REASONS,
  type Instant,
  type MechanicDayTotals,
  type WaitReason,
  type WaitSeconds,
} from './types.ts';

/**
 * Whole seconds between two instants: both are cut to the second first, so the seconds of adjacent
 * intervals always add up to the seconds of their union.
 */
export function seconds(from: Instant, to: Instant): number {
  return Math.floor(to / 1000) - Math.floor(from / 1000);
}

export function zeroWaits(): WaitSeconds {
  return { parts: 0, approval: 0, tool: 0, lift: 0, other: 0 };
}

export function addWaits(into: WaitSeconds, add: Partial<WaitSeconds>): void {
  for (const r of WAIT_REASONS) into[r] += add[r] ?? 0;
}

export function sumWaits(w: WaitSeconds): number {
  return WAIT_REASONS.reduce((s, r) => s + w[r], 0);
}

export function emptyTotals(): MechanicDayTotals {
  return {
    scheduledSeconds: 0,
    presentSeconds: 0,
    absentSeconds: 0,
    breakSeconds: 0,
    availableSeconds: 0,
    productiveSeconds: 0,
    waitingSeconds: zeroWaits(),
    unassignedSeconds: 0,
    idleSeconds: 0,
    jobProductiveUnits: {},
    jobWaitingSeconds: {},
  };
}

/** Splits d seconds equally among jobs, in PRODUCTIVE_UNITS; the sum is exactly d × PRODUCTIVE_UNITS. */
export function splitUnits(d: number, jobIds: readonly string[]): number[] {
  const total = d * PRODUCTIVE_UNITS;
  const k = jobIds.length;
  const base = Math.floor(total / k);
  const rest = total - base * k;
  return jobIds.map((_, i) => base + (i < rest ? 1 : 0));
}

export function addTo(map: Record<string, number>, key: string, value: number): void {
  map[key] = (map[key] ?? 0) + value;
}

export function addWait(
  map: Record<string, Partial<WaitSeconds>>,
  jobId: string,
  reason: WaitReason,
  d: number,
): void {
  const w = (map[jobId] ??= {});
  w[reason] = (w[reason] ?? 0) + d;
}

/**
 * Largest-remainder apportionment: `total` whole units shared in proportion to non-negative integer
 * weights, summing exactly to `total`. Ties go to the earlier key (callers pass sorted keys).
 * Returns all zeros when every weight is zero.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + BigInt(w), 0n);
  if (sum === 0n || total === 0) return weights.map(() => 0);
  const t = BigInt(total);
  const shares = weights.map((w) => (t * BigInt(w)) / sum);
  let left = total - shares.reduce((s, v) => s + Number(v), 0);
  const order = weights
    .map((w, i) => ({ i, rem: (t * BigInt(w)) % sum }))
    .sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  const out = shares.map(Number);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i]! += 1;
    left -= 1;
  }
  return out;
}
