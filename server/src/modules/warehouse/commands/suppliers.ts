import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { selectOne } from '../db.ts';
import { Supplier } from '../models/index.ts';

export interface SupplierInput {
  name: string;
  contactName?: string | null;
  phone?: string | null;
  email?: string | null;
  note?: string | null;
  leadTimeDays?: number | null;
}

async function assertNameFree(cx: CommandContext, name: string, selfId: string | null): Promise<void> {
  const other = await selectOne<{ id: string }>(
    cx,
    `SELECT id FROM suppliers WHERE lower(name) = lower(:name)`,
    { name: name.trim() },
  );
  if (other && other.id !== selfId)
    throw conflict(`A supplier named ${name.trim()} exists`, { supplierId: other.id }, 'name');
}

export async function createSupplier(cx: CommandContext, input: SupplierInput): Promise<Supplier> {
  await assertNameFree(cx, input.name, null);
  const supplier = await Supplier.create(
    {
      id: newId(),
      name: input.name.trim(),
      contactName: input.contactName ?? null,
      phone: input.phone ?? null,
      email: input.email ?? null,
      note: input.note ?? null,
      leadTimeDays: input.leadTimeDays ?? null,
      active: true,
      createdAt: cx.now,
      updatedAt: cx.now,
    },
    { transaction: cx.tx },
  );
  await recordAudit(cx, {
    action: 'supplier.created',
    entityType: 'supplier',
    entityId: supplier.id,
    after: input,
  });
  return supplier;
}

export async function updateSupplier(
  cx: CommandContext,
  id: string,
  input: Partial<SupplierInput> & { active?: boolean },
): Promise<Supplier> {
  const supplier = await Supplier.findByPk(id, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  if (!supplier) throw notFound('Supplier');
  const before = supplier.toJSON();
  if (input.name !== undefined) {
    await assertNameFree(cx, input.name, id);
    supplier.name = input.name.trim();
  }
  for (const key of ['contactName', 'phone', 'email', 'note', 'leadTimeDays', 'active'] as const) {
    if (input[key] !== undefined) supplier.set(key, input[key]);
  }
  supplier.updatedAt = cx.now;
  await supplier.save({ transaction: cx.tx });
  await recordAudit(cx, {
    action: 'supplier.updated',
    entityType: 'supplier',
    entityId: id,
    before,
    after: supplier.toJSON(),
  });
  return supplier;
}
