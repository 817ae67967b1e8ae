import type { Rng } from './random.ts';

const MINUTE = 60;
const HOUR = 3600;

/**
 * The simulated day, in simulated seconds from the start of the simulation. A day is a cycle: the
 * shop opens, mechanics arrive, work, take a short break and lunch, clock out; the next cycle starts
 * at once (the night is skipped: there is nothing to watch).
 */
export const DAY = {
  /** Length of one cycle. */
  cycleSeconds: 9 * HOUR,
  /** New cars are brought to the lifts until this offset. */
  lastCarAt: 7 * HOUR,
} as const;

export interface DayPlan {
  /** Start of this day's cycle. */
  dayStart: number;
  arriveAt: number;
  breaks: Array<{ at: number; minutes: number }>;
  leaveAt: number;
}

/** The day a mechanic intends to have: arrival, a short break, lunch and the time to leave. */
export function planDay(rng: Rng, mechanicIndex: number, dayStart: number): DayPlan {
  const arriveAt = dayStart + 20 + mechanicIndex * 45 + rng.int(0, 4 * MINUTE);
  const shortBreak = dayStart + 2 * HOUR + rng.int(-20 * MINUTE, 20 * MINUTE);
  const lunch = dayStart + 4 * HOUR + rng.int(-30 * MINUTE, 30 * MINUTE);
  return {
    dayStart,
    arriveAt,
    breaks: [
      { at: shortBreak, minutes: rng.int(10, 20) },
      { at: lunch, minutes: rng.int(35, 50) },
    ],
    leaveAt: dayStart + 8 * HOUR + rng.int(0, 40 * MINUTE),
  };
}

/** The start of the cycle that contains `now`. */
export function dayStartOf(now: number): number {
  return Math.floor(now / DAY.cycleSeconds) * DAY.cycleSeconds;
}
