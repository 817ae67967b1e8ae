import { QueryTypes } from 'sequelize';
import type { CommandContext } from './context.ts';
import { newId } from './ids.ts';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit row in the command's own transaction: it exists exactly when the change does. */
export async function recordAudit(cx: CommandContext, entry: AuditEntry): Promise<void> {
  await cx.sequelize.query(
    `INSERT INTO audit_log (id, at, actor_type, actor_id, actor_name, action, entity_type, entity_id, before, after, request_id)
     VALUES (:id, :at, :actorType, :actorId, :actorName, :action, :entityType, :entityId, :before, :after, :requestId)`,
    {
      transaction: cx.tx,
      type: QueryTypes.INSERT,
      replacements: {
        id: newId(),
        at: cx.now,
        actorType: cx.actor.type,
        actorId: cx.actor.id,
        actorName: cx.actor.name,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        before: entry.before === undefined ? null : JSON.stringify(entry.before),
        after: entry.after === undefined ? null : JSON.stringify(entry.after),
        requestId: cx.requestId,
      },
    },
  );
}
