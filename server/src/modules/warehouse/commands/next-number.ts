import type { CommandContext } from '../../../platform/context.ts';
import { selectOne } from '../db.ts';
import { formatDocumentNumber, type DocumentPrefix } from '../rules/document-number.ts';

/** The next document number of its kind this year, gap-free (the counter row is locked until commit). */
export async function nextNumber(cx: CommandContext, prefix: DocumentPrefix): Promise<string> {
  const year = cx.now.getUTCFullYear();
  const row = await selectOne<{ value: string }>(
    cx,
    `INSERT INTO warehouse_counters (key, value) VALUES (:key, 1)
     ON CONFLICT (key) DO UPDATE SET value = warehouse_counters.value + 1
     RETURNING value`,
    { key: `${prefix}-${year}` },
  );
  return formatDocumentNumber(prefix, year, Number(row!.value));
}
