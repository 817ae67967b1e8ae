import type { CommandContext } from '../../../server/src/platform/context.ts';
import { newId } from '../../../server/src/platform/ids.ts';
import { Lift, type LiftKind } from '../../../server/src/modules/scheduler/index.ts';

const LIFTS: Array<{ code: string; name: string; kind: LiftKind }> = [
  { code: 'L1', name: 'Lift 1 — two-post', kind: 'two_post' },
  { code: 'L2', name: 'Lift 2 — two-post', kind: 'two_post' },
  { code: 'L3', name: 'Lift 3 — four-post', kind: 'four_post' },
  { code: 'L4', name: 'Lift 4 — scissor', kind: 'scissor' },
  { code: 'L5', name: 'Alignment bay', kind: 'alignment' },
  { code: 'L6', name: 'Inspection pit', kind: 'pit' },
];

export async function seedLifts(cx: CommandContext): Promise<Lift[]> {
  const lifts: Lift[] = [];
  for (const [position, lift] of LIFTS.entries()) {
    lifts.push(
      await Lift.create(
        { id: newId(), ...lift, status: 'working', position, createdAt: cx.now, updatedAt: cx.now },
        { transaction: cx.tx },
      ),
    );
  }
  return lifts;
}
