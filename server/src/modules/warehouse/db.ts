import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { CommandContext } from '../../platform/context.ts';

/** Where a query runs: a command's transaction, or the pool for a read outside any transaction. */
export type Executor = Pick<CommandContext, 'sequelize'> & { tx?: Transaction | null };

export const poolOf = (sequelize: Sequelize): Executor => ({ sequelize, tx: null });

/** Runs a SELECT (or anything RETURNING rows) with named `:replacements`. */
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
  const rows = await select<T>(ex, sql, replacements);
  return rows[0] ?? null;
}

/** Runs a statement that returns no rows. */
export async function execute(
  ex: Executor,
  sql: string,
  replacements: Record<string, unknown> = {},
): Promise<void> {
  await ex.sequelize.query(sql, { replacements, transaction: ex.tx ?? undefined });
}

/** PostgreSQL bigint arrives as a string; money and counts fit a JS number. */
export const int = (value: string | number | null | undefined): number =>
  value === null || value === undefined ? 0 : Number(value);

export const iso = (d: Date | string | null | undefined): string | null =>
  d ? new Date(d).toISOString() : null;
