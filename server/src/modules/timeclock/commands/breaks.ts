import type { CommandContext } from '../../../platform/context.ts';
import type { LiveMechanic } from '../engine/index.ts';
import { appendLabourRows } from '../log/labour-log.ts';
import { sourceOf } from '../log/labour-row.ts';
import { assertPresence } from '../rules/mechanic-presence.ts';
import { shopFloorStaff } from './floor-checks.ts';

/** A mechanic starts or ends a break (kiosk or desk): a labour event, no longer available time. */
export async function recordBreak(
  cx: CommandContext,
  input: { staffId: string; which: 'start' | 'end'; mechanic: LiveMechanic | undefined },
): Promise<void> {
  const staff = await shopFloorStaff(cx, input.staffId);
  assertPresence(input.mechanic, input.which === 'start' ? 'break_start' : 'break_end', staff.name);
  const kind = input.which === 'start' ? 'break.start' : 'break.end';
  await appendLabourRows(
    cx.sequelize,
    [
      {
        source: sourceOf(cx.actor),
        seq: null,
        sourceKey: `${kind}:${input.staffId}:${cx.now.toISOString()}`,
        kind,
        at: cx.now,
        payload: { mechanicId: input.staffId },
        staffId: input.staffId,
        liftId: cx.actor.type === 'device' ? cx.actor.liftId : null,
      },
    ],
    cx.actor,
    cx.tx,
  );
}
