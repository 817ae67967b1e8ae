import type { CommandContext } from '../../../platform/context.ts';
import { badRequest } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { selectOne } from '../db.ts';
import { compareNormalized, normalizeNumber } from '../rules/normalize-number.ts';

export interface CrossReferenceInput {
  number: string;
  brand?: string | null;
  analogueNumber: string;
  analogueBrand?: string | null;
  source?: string | null;
}

/**
 * Records that two numbers are interchangeable. The pair is stored once in a canonical order and is
 * found from either side; adding a pair that exists returns the existing one.
 */
export async function addCrossReference(
  cx: CommandContext,
  input: CrossReferenceInput,
): Promise<{ id: string; created: boolean }> {
  const one = {
    number: input.number.trim(),
    brand: input.brand?.trim() || null,
    norm: normalizeNumber(input.number),
  };
  const two = {
    number: input.analogueNumber.trim(),
    brand: input.analogueBrand?.trim() || null,
    norm: normalizeNumber(input.analogueNumber),
  };
  if (!one.norm) throw badRequest('number: must contain letters or digits', 'number');
  if (!two.norm) throw badRequest('analogueNumber: must contain letters or digits', 'analogueNumber');
  if (one.norm === two.norm) throw badRequest('analogueNumber: is the same number', 'analogueNumber');
  const [a, b] = compareNormalized(one.norm, two.norm) < 0 ? [one, two] : [two, one];
  const inserted = await selectOne<{ id: string }>(
    cx,
    `INSERT INTO cross_references (id, brand_a, number_a, norm_a, brand_b, number_b, norm_b, source, created_at)
     VALUES (:id, :brandA, :numberA, :normA, :brandB, :numberB, :normB, :source, :now)
     ON CONFLICT (norm_a, norm_b) DO NOTHING
     RETURNING id`,
    {
      id: newId(),
      brandA: a.brand,
      numberA: a.number,
      normA: a.norm,
      brandB: b.brand,
      numberB: b.number,
      normB: b.norm,
      source: input.source ?? null,
      now: cx.now,
    },
  );
  if (inserted) return { id: inserted.id, created: true };
  const existing = await selectOne<{ id: string }>(
    cx,
    `SELECT id FROM cross_references WHERE norm_a = :a AND norm_b = :b`,
    { a: a.norm, b: b.norm },
  );
  return { id: existing!.id, created: false };
}
