import type { LocationKind } from '../../../contracts/warehouse.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { Op } from 'sequelize';
import { selectOne } from '../db.ts';
import { StockLocation } from '../models/index.ts';

/** Which kinds may hold which: shelves in a warehouse, bins on a shelf (or straight in a warehouse). */
const PARENTS: Record<LocationKind, readonly LocationKind[]> = {
  warehouse: [],
  van: [],
  shelf: ['warehouse'],
  bin: ['warehouse', 'shelf'],
};

async function checkParent(
  cx: CommandContext,
  kind: LocationKind,
  parentId: string | null | undefined,
  selfId: string | null,
): Promise<void> {
  if (!parentId) {
    if (kind === 'shelf' || kind === 'bin')
      throw badRequest(`parentId: a ${kind} sits inside a warehouse or shelf`, 'parentId');
    return;
  }
  if (!PARENTS[kind].length) throw badRequest(`parentId: a ${kind} has no parent location`, 'parentId');
  const parent = await StockLocation.findByPk(parentId, { transaction: cx.tx });
  if (!parent) throw notFound('Parent location');
  if (!PARENTS[kind].includes(parent.kind))
    throw badRequest(`parentId: a ${kind} cannot sit inside a ${parent.kind}`, 'parentId');
  if (selfId && parent.id === selfId)
    throw badRequest('parentId: a location cannot contain itself', 'parentId');
}

async function clearDefault(cx: CommandContext, exceptId: string): Promise<void> {
  await StockLocation.update(
    { isDefault: false },
    { where: { isDefault: true, id: { [Op.ne]: exceptId } }, transaction: cx.tx },
  );
}

export interface LocationInput {
  code: string;
  name: string;
  kind: LocationKind;
  parentId?: string | null;
  isDefault?: boolean;
}

export async function createLocation(cx: CommandContext, input: LocationInput): Promise<StockLocation> {
  const taken = await selectOne(cx, `SELECT id FROM stock_locations WHERE upper(code) = upper(:code)`, {
    code: input.code,
  });
  if (taken) throw conflict(`The location code ${input.code} is taken`, undefined, 'code');
  await checkParent(cx, input.kind, input.parentId, null);
  const id = newId();
  if (input.isDefault) await clearDefault(cx, id);
  const location = await StockLocation.create(
    {
      id,
      code: input.code,
      name: input.name.trim(),
      kind: input.kind,
      parentId: input.parentId ?? null,
      isDefault: input.isDefault ?? false,
      active: true,
      createdAt: cx.now,
      updatedAt: cx.now,
    },
    { transaction: cx.tx },
  );
  await recordAudit(cx, {
    action: 'location.created',
    entityType: 'stock_location',
    entityId: id,
    after: input,
  });
  return location;
}

export async function updateLocation(
  cx: CommandContext,
  id: string,
  input: { name?: string; parentId?: string | null; isDefault?: boolean; active?: boolean },
): Promise<StockLocation> {
  const location = await StockLocation.findByPk(id, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  if (!location) throw notFound('Stock location');
  const before = location.toJSON();
  if (input.parentId !== undefined) {
    await checkParent(cx, location.kind, input.parentId, location.id);
    location.parentId = input.parentId;
  }
  if (input.active === false) {
    const stock = await selectOne(
      cx,
      `SELECT 1 AS one FROM stock_levels WHERE location_id = :id AND on_hand > 0 LIMIT 1`,
      { id },
    );
    if (stock) throw conflict('The location still holds stock: transfer it first', undefined, 'active');
    location.isDefault = false;
  }
  if (input.name !== undefined) location.name = input.name.trim();
  if (input.active !== undefined) location.active = input.active;
  if (input.isDefault) {
    if (!location.active)
      throw conflict('An inactive location cannot be the default', undefined, 'isDefault');
    await clearDefault(cx, location.id);
  }
  if (input.isDefault !== undefined && location.active) location.isDefault = input.isDefault;
  location.updatedAt = cx.now;
  await location.save({ transaction: cx.tx });
  await recordAudit(cx, {
    action: 'location.updated',
    entityType: 'stock_location',
    entityId: id,
    before,
    after: location.toJSON(),
  });
  return location;
}
