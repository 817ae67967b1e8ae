import { contextOf, deriveDetailed, type PreparedStation } from './derive.ts';
import { localDateOf } from './tz.ts';
import type { Instant, LabourEvent, StationModel } from './types.ts';
import type { WorldSnapshot } from './world.ts';

/**
 * The world (placements, cars on site, job states and assignees, sensors) just before `at`, so that a
 * later derivation can start there instead of folding the whole history: derive(…, { world: snapshot })
 * skips world events before snapshot.at. Taps before `at` count through the jobs they started.
 */
export function snapshotWorld(
  station: StationModel | PreparedStation,
  events: readonly LabourEvent[],
  at: Instant,
  previous?: WorldSnapshot,
): WorldSnapshot {
  const ctx = contextOf(station);
  const to = localDateOf(at - 1, ctx.timeZone);
  let first = at - 1;
  for (const e of events) if (e.at < first) first = e.at;
  const { world } = deriveDetailed(ctx, events, {
    from: localDateOf(first, ctx.timeZone),
    to,
    until: at,
    mechanicIds: [],
    world: previous,
  });
  return world.snapshot(at);
}
