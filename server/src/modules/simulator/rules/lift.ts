import { DAY, dayStartOf } from './day-plan.ts';
import type { Rng } from './random.ts';
import { orderFinished, type LiftView } from './types.ts';

const MINUTE = 60;

/** The foreman's and the lift's side: cars arrive and leave, sensors follow, now and then an untracked raise. */
export interface LiftState {
  /** When the next car is brought to this lift once it is empty (null: not decided yet). */
  nextCarAt: number | null;
  /** An untracked raise in progress: when the lift comes down again. */
  untrackedUntil: number | null;
}

export type LiftAction =
  | { type: 'sensor'; sensor: 'lift'; state: 'raised' | 'lowered' }
  | { type: 'sensor'; sensor: 'bay'; state: 'occupied' | 'free' }
  /** The foreman puts the next car on the lift (an approved order waiting, or a new one). */
  | { type: 'bring_car' }
  /** Every job is done: the order is marked done and the car is taken off the lift. */
  | { type: 'finish_car'; orderId: string };

export interface LiftDecision {
  state: LiftState;
  actions: LiftAction[];
  next: number;
}

export function newLift(): LiftState {
  return { nextCarAt: null, untrackedUntil: null };
}

/** Whether new cars are still brought in at this simulated time (not late in the day). */
export function takingCars(now: number): boolean {
  return now - dayStartOf(now) < DAY.lastCarAt;
}

/**
 * One look at a lift (pure). `sessions` is how many simulated mechanics have a session open there:
 * an untracked raise happens only when nobody does (LABOUR: raised with no session = untracked work).
 */
export function decideLift(
  prev: LiftState,
  view: LiftView,
  sessions: number,
  now: number,
  rng: Rng,
): LiftDecision {
  const s: LiftState = { ...prev };
  const actions: LiftAction[] = [];
  const done = (next: number): LiftDecision => ({ state: s, actions, next: Math.max(15, Math.round(next)) });

  if (s.untrackedUntil !== null) {
    if (now < s.untrackedUntil && view.raised) return done(s.untrackedUntil - now);
    s.untrackedUntil = null;
    if (view.raised && sessions === 0) actions.push({ type: 'sensor', sensor: 'lift', state: 'lowered' });
    return done(rng.int(2 * MINUTE, 5 * MINUTE));
  }

  const order = view.order;
  if (order && orderFinished(order)) {
    if (view.raised) actions.push({ type: 'sensor', sensor: 'lift', state: 'lowered' });
    actions.push({ type: 'finish_car', orderId: order.id });
    actions.push({ type: 'sensor', sensor: 'bay', state: 'free' });
    s.nextCarAt = now + rng.int(8 * MINUTE, 30 * MINUTE);
    return done(rng.int(2 * MINUTE, 4 * MINUTE));
  }
  if (!order) {
    if (view.bayOccupied) actions.push({ type: 'sensor', sensor: 'bay', state: 'free' });
    if (s.nextCarAt === null) s.nextCarAt = now + rng.int(1 * MINUTE, 20 * MINUTE);
    if (now >= s.nextCarAt && takingCars(now)) {
      actions.push({ type: 'bring_car' });
      actions.push({ type: 'sensor', sensor: 'bay', state: 'occupied' });
      s.nextCarAt = null;
      return done(rng.int(3 * MINUTE, 6 * MINUTE));
    }
    return done(Math.min(Math.max(s.nextCarAt - now, MINUTE), 10 * MINUTE));
  }
  if (!view.bayOccupied) actions.push({ type: 'sensor', sensor: 'bay', state: 'occupied' });
  if (view.raisable && !view.raised && sessions === 0 && rng.chance(0.06)) {
    actions.push({ type: 'sensor', sensor: 'lift', state: 'raised' });
    s.untrackedUntil = now + rng.int(3 * MINUTE, 8 * MINUTE);
    return done(s.untrackedUntil - now);
  }
  return done(rng.int(3 * MINUTE, 6 * MINUTE));
}
