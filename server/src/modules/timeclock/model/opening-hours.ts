import type { IsoWeekday, MechanicModel, WeeklyWindow } from '../engine/index.ts';

/** Used when no mechanic has a shift yet: every day 08:00–20:00. */
export const DEFAULT_OPENING: WeeklyWindow[] = ([1, 2, 3, 4, 5, 6, 7] as IsoWeekday[]).map((weekday) => ({
  weekday,
  start: '08:00',
  end: '20:00',
}));

/**
 * The station keeps no opening hours of its own: they are the span of the mechanics' shifts on each
 * weekday (earliest start to latest end); a weekday nobody works is closed.
 */
export function openingHoursFrom(mechanics: readonly MechanicModel[]): WeeklyWindow[] {
  const span = new Map<IsoWeekday, { start: string; end: string }>();
  for (const m of mechanics) {
    for (const s of m.shifts) {
      const cur = span.get(s.weekday);
      span.set(s.weekday, {
        start: !cur || s.start < cur.start ? s.start : cur.start,
        end: !cur || s.end > cur.end ? s.end : cur.end,
      });
    }
  }
  if (span.size === 0) return DEFAULT_OPENING;
  return [...span.entries()].sort(([a], [b]) => a - b).map(([weekday, w]) => ({ weekday, ...w }));
}
