import { compareItems, type AttendanceItem } from './attendance.ts';
import { refOf } from './event-order.ts';
import type { StationContext } from './station-context.ts';
import type { DayCalendar } from './tz.ts';
import {
  ENTRANCE,
  type EventOf,
  type IgnoredEvent,
  type Instant,
  type LabourEvent,
  type RejectedTap,
} from './types.ts';
import type { WorldStep } from './world.ts';

/**
 * Splits the ordered log into what each layer needs: per mechanic-day attendance items, the world's
 * steps, the move-time corrections, and the taps and events rejected before any rule ran.
 */

export interface ResolvedLog {
  /** `${mechanicId} ${dayIndex}` → the mechanic's own items of that day (taps, breaks, close-session). */
  attendance: Map<string, AttendanceItem[]>;
  /** dayIndex → the day's bay-free events (they close anyone's session at that lift). */
  bayFree: Map<number, AttendanceItem[]>;
  world: WorldStep[];
  moves: Map<string, EventOf<'correction.move_time'>[]>;
  rejected: RejectedTap[];
  ignored: IgnoredEvent[];
}

export function attendanceKey(mechanicId: string, dayIndex: number): string {
  return `${mechanicId} ${dayIndex}`;
}

export function resolveLog(
  ctx: StationContext,
  cal: DayCalendar,
  events: readonly LabourEvent[],
  horizon: Instant,
): ResolvedLog {
  const out: ResolvedLog = {
    attendance: new Map(),
    bayFree: new Map(),
    world: [],
    moves: new Map(),
    rejected: [],
    ignored: [],
  };
  const add = (mechanicId: string, t: Instant, item: AttendanceItem) => {
    const day = cal.indexOf(t);
    if (day < 0) return;
    const key = attendanceKey(mechanicId, day);
    const list = out.attendance.get(key);
    if (list) list.push(item);
    else out.attendance.set(key, [item]);
  };
  const unknownMechanic = (e: LabourEvent & { mechanicId: string }) => {
    if (ctx.mechanics.has(e.mechanicId)) return false;
    out.ignored.push({ ...refOf(e), kind: e.kind, reason: 'unknown_mechanic' });
    return true;
  };

  for (const e of events) {
    // A correction made after the horizon may still be about a time before it.
    if (e.at >= horizon && e.kind !== 'correction.close_session' && e.kind !== 'correction.move_time')
      continue;
    switch (e.kind) {
      case 'badge.tap': {
        const mechanicId = ctx.mechanicOfBadge(e.uid, e.at);
        const target = ctx.readerTarget(e.bridgeId, e.readerId, e.at);
        const bound = target === ENTRANCE || ctx.isLift(target);
        if (!bound || !mechanicId) {
          out.rejected.push({
            source: e.source,
            seq: e.seq,
            at: e.at,
            bridgeId: e.bridgeId,
            readerId: e.readerId,
            uid: e.uid,
            mechanicId,
            reason: bound ? 'unknown_badge' : 'unbound_reader',
          });
          break;
        }
        const item: AttendanceItem = {
          type: 'tap',
          ref: refOf(e),
          bridgeId: e.bridgeId,
          readerId: e.readerId,
          uid: e.uid,
          target: target!,
        };
        add(mechanicId, e.at, item);
        // A tap just before midnight can make one just after it a duplicate.
        const day = cal.indexOf(e.at);
        if (day >= 0 && day + 1 < cal.dates.length && e.at >= cal.dayEnd(day) - ctx.rules.duplicateTapMs) {
          add(mechanicId, cal.dayEnd(day), { ...item, lookback: true });
        }
        break;
      }
      case 'break.start':
      case 'break.end':
        if (!unknownMechanic(e)) add(e.mechanicId, e.at, { type: e.kind, ref: refOf(e) });
        break;
      case 'correction.close_session':
        if (unknownMechanic(e)) break;
        if (e.closeAt >= horizon) break;
        add(e.mechanicId, e.closeAt, {
          type: 'close_session',
          ref: refOf(e),
          closeAt: e.closeAt,
          sessionOpenedAt: e.sessionOpenedAt ?? null,
          reason: e.reason,
        });
        break;
      case 'correction.move_time': {
        if (unknownMechanic(e)) break;
        const list = out.moves.get(e.mechanicId);
        if (list) list.push(e);
        else out.moves.set(e.mechanicId, [e]);
        break;
      }
      case 'lift.sensor':
      case 'bay.sensor': {
        const sensor = ctx.sensorBinding(e.bridgeId, e.sensorId, e.at) ?? undefined;
        out.world.push({ type: 'event', event: e, sensor });
        if (e.kind === 'bay.sensor' && e.state === 'free' && sensor?.kind === 'bay') {
          const day = cal.indexOf(e.at);
          if (day >= 0) {
            const item: AttendanceItem = { type: 'bay_free', ref: refOf(e), liftId: sensor.liftId };
            const list = out.bayFree.get(day);
            if (list) list.push(item);
            else out.bayFree.set(day, [item]);
          }
        }
        break;
      }
      default:
        out.world.push({ type: 'event', event: e });
    }
  }
  // Corrections sit at the time they correct, not at the time they were made.
  for (const list of out.attendance.values()) list.sort(compareItems);
  return out;
}
