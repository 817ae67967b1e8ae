import { contextOf, deriveDetailed, type DeriveOptions, type PreparedStation } from './derive.ts';
import { localDateOf } from './tz.ts';
import type { Derivation, Instant, LabourEvent, StationModel } from './types.ts';
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

/**
 * One pass that gives both the derivation and the world at its horizon (the end of `to`, or `until`):
 * the server derives day after day, each day starting from the world the previous one ended with.
 */
export function deriveWithWorld(
  station: StationModel | PreparedStation,
  events: readonly LabourEvent[],
  options: DeriveOptions,
): { derivation: Derivation; world: WorldSnapshot } {
  const { derivation, world } = deriveDetailed(station, events, options);
  return { derivation, world: world.snapshot(derivation.horizon) };
}

/**
 * The snapshot without the jobs and orders still in their initial state (what a World built from the
 * station model starts them in). Restoring it gives the same world; and because untouched jobs are left
 * out, a later change of the model for them (a new line, a line declined before any work) is picked up
 * as a derivation from the start of the log would pick it up.
 */
export function compactSnapshot(
  station: StationModel | PreparedStation,
  snapshot: WorldSnapshot,
): WorldSnapshot {
  const ctx = contextOf(station);
  return {
    at: snapshot.at,
    jobs: snapshot.jobs.filter((j) => {
      const initial = ctx.jobs.get(j.id)?.declined ? 'declined' : 'planned';
      const assignees = [...(ctx.jobs.get(j.id)?.assignees ?? [])].sort();
      return !(
        j.state === initial &&
        j.waitReason === null &&
        j.waitSince === null &&
        j.resumeTo === null &&
        j.completedAt === null &&
        j.assignees.length === assignees.length &&
        j.assignees.every((a, i) => a === assignees[i])
      );
    }),
    orders: snapshot.orders.filter(
      (o) => o.onSite || o.arrivedAt !== null || o.plannedLiftId !== null || o.liftId !== null,
    ),
    lifts: snapshot.lifts,
  };
}
