import { QueryTypes } from 'sequelize';
import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { AppError, conflict, notFound } from '../../../platform/errors.ts';
import { Customer } from '../models/index.ts';
import { customerMergeSteps } from '../merge/registry.ts';
import '../merge/workshop-steps.ts';

interface ForeignKeyColumn {
  table: string;
  column: string;
}

/** Every single-column foreign key that references customers(id), from the catalogue. */
async function customerReferences(cx: CommandContext): Promise<ForeignKeyColumn[]> {
  return cx.sequelize.query<ForeignKeyColumn>(
    `SELECT cl.relname AS "table", att.attname AS "column"
       FROM pg_constraint con
       JOIN pg_class cl ON cl.oid = con.conrelid
       JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1]
      WHERE con.contype = 'f' AND con.confrelid = 'customers'::regclass AND array_length(con.conkey, 1) = 1
        AND cl.relnamespace = current_schema()::regnamespace
      ORDER BY 1, 2`,
    { type: QueryTypes.SELECT, transaction: cx.tx },
  );
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Merges the source customer into the target: every record of the source (vehicles, ownership
 * periods, repair orders and with them their payments, appointments, contacts, phones, and any
 * table of any module that references customers) now belongs to the target. The source row stays
 * as a tombstone pointing at the target, so old links resolve. Missing details of the target are
 * filled from the source; a consent survives only if both records had it (an opt-out wins).
 */
export async function mergeCustomers(
  cx: CommandContext,
  input: { targetId: string; sourceId: string },
): Promise<{ target: Customer; moved: Record<string, number> }> {
  // Lock both in id order so two merges of the same pair cannot deadlock.
  const ids = [input.targetId, input.sourceId].sort();
  const locked = new Map<string, Customer>();
  for (const id of ids) {
    const c = await Customer.findByPk(id, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
    if (!c) throw notFound('Customer');
    locked.set(id, c);
  }
  const target = locked.get(input.targetId)!;
  const source = locked.get(input.sourceId)!;
  if (target.mergedIntoId)
    throw conflict(
      'The target customer was itself merged into another record',
      { mergedIntoId: target.mergedIntoId },
      'targetId',
    );
  if (source.mergedIntoId)
    throw conflict(
      'The source customer was already merged',
      { mergedIntoId: source.mergedIntoId },
      'sourceId',
    );

  const before = { target: target.get({ plain: true }), source: source.get({ plain: true }) };
  const moved: Record<string, number> = {};
  const handled = new Set<string>(['customers.merged_into_id']);
  for (const step of customerMergeSteps()) {
    moved[step.name] = await step.run(cx, { sourceId: source.id, targetId: target.id });
    for (const h of step.handles) handled.add(`${h.table}.${h.column}`);
  }
  for (const ref of await customerReferences(cx)) {
    const key = `${ref.table}.${ref.column}`;
    if (handled.has(key)) continue;
    try {
      const rows = await cx.sequelize.query<{ n: string }>(
        `WITH moved AS (UPDATE ${quoteIdent(ref.table)} SET ${quoteIdent(ref.column)} = :targetId WHERE ${quoteIdent(ref.column)} = :sourceId RETURNING 1)
         SELECT count(*) AS n FROM moved`,
        {
          replacements: { sourceId: source.id, targetId: target.id },
          type: QueryTypes.SELECT,
          transaction: cx.tx,
        },
      );
      moved[key] = Number(rows[0]?.n ?? 0);
    } catch (err) {
      throw new AppError(
        409,
        'conflict',
        `Cannot move ${key} to the merged customer (${(err as Error).message}); that table needs a merge step`,
      );
    }
  }

  for (const key of ['email', 'taxId', 'legalAddress'] as const) {
    if (!target.get(key) && source.get(key)) target.set(key, source.get(key));
  }
  if (source.notes) target.notes = target.notes ? `${target.notes}\n${source.notes}` : source.notes;
  if (!target.ownerId) target.ownerId = source.ownerId;
  target.consentSmsService = target.consentSmsService && source.consentSmsService;
  target.consentSmsMarketing = target.consentSmsMarketing && source.consentSmsMarketing;
  target.consentEmailService = target.consentEmailService && source.consentEmailService;
  target.consentEmailMarketing = target.consentEmailMarketing && source.consentEmailMarketing;
  target.consentsUpdatedAt = cx.now;
  target.updatedAt = cx.now;
  await target.save({ transaction: cx.tx });

  source.mergedIntoId = target.id;
  source.mergedAt = cx.now;
  source.updatedAt = cx.now;
  await source.save({ transaction: cx.tx });

  await recordAudit(cx, {
    action: 'customer.merged',
    entityType: 'customer',
    entityId: target.id,
    before,
    after: { sourceId: source.id, targetId: target.id, moved },
  });
  await recordAudit(cx, {
    action: 'customer.merged_away',
    entityType: 'customer',
    entityId: source.id,
    after: { mergedIntoId: target.id },
  });
  cx.emit({ type: 'customer.merged', sourceId: source.id, targetId: target.id, moved });
  return { target, moved };
}
