import { QueryTypes } from 'sequelize';
import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { appendLabourRows } from '../log/labour-log.ts';
import { sourceOf } from '../log/labour-row.ts';
import type { CorrectionInput } from '../timeclock.schemas.ts';
import { shopFloorStaff } from './floor-checks.ts';

/**
 * A foreman's correction: a new labour event with a reason, audited — the past is never edited.
 * close_session closes the mechanic's session at `closeAt`; move_time moves productive time between
 * two jobs (a number of seconds on a day, or everything on `fromJobId` within [from, to)).
 */
export async function recordCorrection(cx: CommandContext, input: CorrectionInput): Promise<{ id: string }> {
  await shopFloorStaff(cx, input.staffId);
  const id = newId();
  const by = cx.actor.name;
  let payload: Record<string, unknown>;
  const at = cx.now;
  if (input.kind === 'close_session') {
    const closeAt = new Date(input.closeAt);
    if (closeAt.getTime() > cx.now.getTime())
      throw badRequest('closeAt: must not be in the future', 'closeAt');
    payload = {
      mechanicId: input.staffId,
      closeAt: closeAt.getTime(),
      ...(input.sessionOpenedAt ? { sessionOpenedAt: new Date(input.sessionOpenedAt).getTime() } : {}),
      reason: input.reason,
      by,
    };
  } else {
    if (input.fromJobId === input.toJobId) throw badRequest('toJobId: must differ from fromJobId', 'toJobId');
    const hasRange = input.from !== undefined && input.to !== undefined;
    if (!hasRange && !(input.seconds && input.date))
      throw badRequest('seconds: give seconds and date, or from and to', 'seconds');
    if (hasRange && new Date(input.from!) >= new Date(input.to!))
      throw badRequest('to: must be after from', 'to');
    for (const [field, jobId] of [
      ['fromJobId', input.fromJobId],
      ['toJobId', input.toJobId],
    ] as const) {
      const [job] = await cx.sequelize.query(`SELECT 1 AS one FROM order_jobs WHERE id = :jobId`, {
        type: QueryTypes.SELECT,
        replacements: { jobId },
        transaction: cx.tx,
      });
      if (!job) throw Object.assign(notFound('Job'), { field });
    }
    payload = {
      mechanicId: input.staffId,
      fromJobId: input.fromJobId,
      toJobId: input.toJobId,
      reason: input.reason,
      by,
      ...(hasRange
        ? { from: new Date(input.from!).getTime(), to: new Date(input.to!).getTime() }
        : { seconds: input.seconds, date: input.date }),
    };
  }
  const kind = `correction.${input.kind}` as const;
  await appendLabourRows(
    cx.sequelize,
    [
      {
        source: sourceOf(cx.actor),
        seq: null,
        sourceKey: `${kind}:${id}`,
        kind,
        at,
        payload,
        staffId: input.staffId,
        jobId: input.kind === 'move_time' ? input.fromJobId : null,
        reason: input.reason,
      },
    ],
    cx.actor,
    cx.tx,
  );
  await recordAudit(cx, {
    action: `labour.${kind}`,
    entityType: 'staff',
    entityId: input.staffId,
    after: { id, ...payload },
  });
  return { id };
}
