import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

/** Where a query runs: a command's transaction, or the pool for a read outside any transaction. */
export interface Executor {
  sequelize: Sequelize;
  tx?: Transaction | null;
}

export const poolOf = (sequelize: Sequelize): Executor => ({ sequelize, tx: null });

export function select<T extends object>(
  ex: Executor,
  sql: string,
  replacements: Record<string, unknown> = {},
): Promise<T[]> {
  return ex.sequelize.query<T>(sql, {
    type: QueryTypes.SELECT,
    replacements,
    transaction: ex.tx ?? undefined,
  });
}

export async function selectOne<T extends object>(
  ex: Executor,
  sql: string,
  replacements: Record<string, unknown> = {},
): Promise<T | null> {
  return (await select<T>(ex, sql, replacements))[0] ?? null;
}

export async function execute(
  ex: Executor,
  sql: string,
  replacements: Record<string, unknown> = {},
): Promise<void> {
  await ex.sequelize.query(sql, { replacements, transaction: ex.tx ?? undefined });
}

export const iso = (d: Date | string | null | undefined): string | null =>
  d ? new Date(d).toISOString() : null;
