import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { notFound } from '../../../platform/errors.ts';
import { selectOne } from '../db.ts';

/** A wrong analogue is removed (it is reference data, not a ledger); the audit log keeps what it was. */
export async function removeCrossReference(cx: CommandContext, id: string): Promise<void> {
  const row = await selectOne<Record<string, unknown>>(
    cx,
    `DELETE FROM cross_references WHERE id = :id RETURNING *`,
    { id },
  );
  if (!row) throw notFound('Cross-reference');
  await recordAudit(cx, {
    action: 'cross_reference.removed',
    entityType: 'cross_reference',
    entityId: id,
    before: row,
  });
}
