import { QueryTypes, type Sequelize } from 'sequelize';
import type { AuditEntryDto, Page } from '../../../contracts/dto.ts';
import { presentAudit, type AuditRow } from '../identity.presenter.ts';

export async function listAudit(
  sequelize: Sequelize,
  q: {
    entityType?: string;
    entityId?: string;
    action?: string;
    actorId?: string;
    offset: number;
    limit: number;
  },
): Promise<Page<AuditEntryDto>> {
  const conditions: string[] = [];
  const replacements: Record<string, unknown> = { offset: q.offset, limit: q.limit };
  for (const [key, column] of [
    ['entityType', 'entity_type'],
    ['entityId', 'entity_id'],
    ['action', 'action'],
    ['actorId', 'actor_id'],
  ] as const) {
    if (q[key]) {
      conditions.push(`${column} = :${key}`);
      replacements[key] = q[key];
    }
  }
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const rows = await sequelize.query<AuditRow & { total: string }>(
    `SELECT *, count(*) OVER () AS total FROM audit_log ${where} ORDER BY at DESC, id OFFSET :offset LIMIT :limit`,
    { replacements, type: QueryTypes.SELECT },
  );
  return {
    items: rows.map(presentAudit),
    total: Number(rows[0]?.total ?? 0),
    offset: q.offset,
    limit: q.limit,
  };
}
