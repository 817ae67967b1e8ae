/**
 * When a car is due for a service: by time (months since the last service) and by mileage (km
 * since the last service), the earlier of the two. The date the car reaches the mileage is
 * estimated from its odometer history: a least-squares line through the readings of the last two
 * years (at least two readings a week or more apart), never negative.
 */
export interface Reading {
  km: number;
  at: Date;
}

export interface IntervalSpec {
  months: number | null;
  km: number | null;
}

const DAY_MS = 86_400_000;

export function dailyKmRate(readings: readonly Reading[], now: Date): number | null {
  const since = now.getTime() - 730 * DAY_MS;
  const recent = readings.filter((r) => r.at.getTime() >= since && r.at.getTime() <= now.getTime());
  if (recent.length < 2) return null;
  const days = recent.map((r) => (r.at.getTime() - since) / DAY_MS);
  const span = Math.max(...days) - Math.min(...days);
  if (span < 7) return null;
  const n = recent.length;
  const meanX = days.reduce((a, b) => a + b, 0) / n;
  const meanY = recent.reduce((a, r) => a + r.km, 0) / n;
  let num = 0;
  let den = 0;
  recent.forEach((r, i) => {
    num += (days[i]! - meanX) * (r.km - meanY);
    den += (days[i]! - meanX) ** 2;
  });
  if (den === 0) return null;
  return Math.max(0, num / den);
}

function addMonths(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

export interface DueEstimate {
  /** The earlier of the time due date and the estimated mileage date; null when neither can be known. */
  dueAt: Date | null;
  byTimeAt: Date | null;
  /** The odometer reading at which the service is due. */
  dueKm: number | null;
  byMileageAt: Date | null;
  /** Today's estimated odometer reading. */
  estimatedKmNow: number | null;
  reason: 'time' | 'mileage' | null;
}

/**
 * `lastService` is the last repair order with the interval's kind of work (its date and odometer);
 * without one, the count starts from `since` (when the car came to the station) and its first reading.
 */
export function estimateServiceDue(input: {
  interval: IntervalSpec;
  lastService: { at: Date; km: number | null } | null;
  since: Date;
  readings: readonly Reading[];
  now: Date;
}): DueEstimate {
  const readings = [...input.readings].sort((a, b) => a.at.getTime() - b.at.getTime());
  const base = input.lastService ?? { at: input.since, km: readings[0]?.km ?? null };
  const rate = dailyKmRate(readings, input.now);
  const last = readings[readings.length - 1] ?? null;
  const byTimeAt = input.interval.months ? addMonths(base.at, input.interval.months) : null;
  const dueKm = input.interval.km && base.km !== null ? base.km + input.interval.km : null;
  let byMileageAt: Date | null = null;
  if (dueKm !== null && last) {
    if (last.km >= dueKm) {
      // Already past: when it crossed, by the rate, not later than the reading that showed it.
      const back = rate && rate > 0 ? (last.km - dueKm) / rate : 0;
      byMileageAt = new Date(last.at.getTime() - back * DAY_MS);
    } else if (rate && rate > 0) {
      byMileageAt = new Date(last.at.getTime() + ((dueKm - last.km) / rate) * DAY_MS);
    }
  }
  const estimatedKmNow =
    last && rate !== null
      ? Math.round(last.km + (rate * Math.max(0, input.now.getTime() - last.at.getTime())) / DAY_MS)
      : (last?.km ?? null);
  let dueAt: Date | null = null;
  let reason: DueEstimate['reason'] = null;
  if (byTimeAt && (!byMileageAt || byTimeAt.getTime() <= byMileageAt.getTime())) {
    dueAt = byTimeAt;
    reason = 'time';
  } else if (byMileageAt) {
    dueAt = byMileageAt;
    reason = 'mileage';
  }
  return { dueAt, byTimeAt, dueKm, byMileageAt, estimatedKmNow, reason };
}

/** The most specific interval for a vehicle: its own, then its make's, then the station's default. */
export function pickInterval<T extends { vehicleId: string | null; make: string | null; jobKind: string }>(
  intervals: readonly T[],
  vehicle: { id: string; make: string | null },
  jobKind: string,
): T | null {
  const ofKind = intervals.filter((i) => i.jobKind === jobKind);
  const make = vehicle.make?.trim().toLowerCase() ?? null;
  return (
    ofKind.find((i) => i.vehicleId === vehicle.id) ??
    ofKind.find((i) => i.vehicleId === null && make !== null && i.make?.trim().toLowerCase() === make) ??
    ofKind.find((i) => i.vehicleId === null && i.make === null) ??
    null
  );
}
