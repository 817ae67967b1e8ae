import type { Context } from 'koa';
import type { LiftFloorDto } from '../../../contracts/labour.ts';
import type { AppDeps } from '../../../deps.ts';
import { notFound } from '../../../platform/errors.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { recordBreak } from '../commands/breaks.ts';
import { floorJobAction, requestPartsFromFloor } from '../commands/job-action.ts';
import type { Timeclock } from '../timeclock.ts';
import {
  breakParam,
  jobActionBody,
  jobActionParam,
  jobParam,
  requestPartsBody,
  staffBody,
} from '../timeclock.schemas.ts';

/** The shop-floor actions shared by the kiosk and desk routes: parse, check against the live floor, run. */

async function liveFacts(tc: Timeclock, staffId: string, jobId: string | null) {
  await tc.service.sync();
  const { state } = await tc.service.liveNow();
  return {
    mechanic: state.mechanics.find((m) => m.mechanicId === staffId),
    liveJobState: jobId
      ? (state.lifts.flatMap((l) => l.jobs).find((j) => j.jobId === jobId)?.state ?? null)
      : null,
  };
}

export async function floorOf(deps: AppDeps, tc: Timeclock, liftId: string): Promise<LiftFloorDto> {
  const floor = await tc.floor.lift(liftId);
  if (!floor) throw notFound('Lift');
  return floor;
}

export async function jobActionRoute(deps: AppDeps, tc: Timeclock, ctx: Context, liftId: string | null) {
  const { jobId, action } = parse(jobActionParam, ctx.params);
  const body = parse(jobActionBody, ctx.request.body);
  const live = await liveFacts(tc, body.staffId, jobId);
  await runCommand(deps, ctx, (cx) =>
    floorJobAction(cx, { liftId, jobId, staffId: body.staffId, action, reason: body.reason, ...live }),
  );
  await tc.changed();
}

export async function requestPartsRoute(deps: AppDeps, tc: Timeclock, ctx: Context, liftId: string | null) {
  const { jobId } = parse(jobParam, ctx.params);
  const body = parse(requestPartsBody, ctx.request.body);
  const live = await liveFacts(tc, body.staffId, jobId);
  const created = await runCommand(deps, ctx, (cx) =>
    requestPartsFromFloor(cx, {
      liftId,
      jobId,
      staffId: body.staffId,
      note: body.note,
      items: body.items,
      ...live,
    }),
  );
  await tc.changed();
  return created;
}

export async function breakRoute(deps: AppDeps, tc: Timeclock, ctx: Context) {
  const { which } = parse(breakParam, ctx.params);
  const { staffId } = parse(staffBody, ctx.request.body);
  const { mechanic } = await liveFacts(tc, staffId, null);
  await runCommand(deps, ctx, (cx) => recordBreak(cx, { staffId, which, mechanic }));
  await tc.changed();
}
