import { int, select, selectOne, type Executor } from '../db.ts';
import {
  presentCall,
  presentLead,
  presentTask,
  type CallListRow,
  type LeadListRow,
  type TaskListRow,
} from '../crm.presenter.ts';

const LEAD_SELECT = `SELECT l.*, ch.name AS channel_name, cp.name AS campaign_name, c.name AS customer_name, f.name AS form_name
  FROM leads l LEFT JOIN ad_channels ch ON ch.id = l.channel_id LEFT JOIN ad_campaigns cp ON cp.id = l.campaign_id
  LEFT JOIN customers c ON c.id = l.customer_id LEFT JOIN lead_forms f ON f.id = l.form_id`;

/** The inbox (new leads, newest first) or any status; a user with scope "own" sees leads of their customers or unassigned. */
export async function listLeads(
  ex: Executor,
  q: { status?: string; source?: string; includeDeleted?: boolean; offset: number; limit: number },
  own: string | null,
) {
  const where: string[] = [];
  const params: Record<string, unknown> = { offset: q.offset, limit: q.limit, own };
  if (!q.includeDeleted) where.push('l.deleted_at IS NULL');
  if (q.status) {
    where.push('l.status = :status');
    params.status = q.status;
  }
  if (q.source) {
    where.push('l.source = :source');
    params.source = q.source;
  }
  if (own) where.push('(l.customer_id IS NULL OR c.owner_id = :own)');
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const [rows, total] = await Promise.all([
    select<LeadListRow>(
      ex,
      `${LEAD_SELECT} ${cond} ORDER BY l.received_at DESC, l.id OFFSET :offset LIMIT :limit`,
      params,
    ),
    selectOne<{ n: string }>(
      ex,
      `SELECT count(*) AS n FROM leads l LEFT JOIN customers c ON c.id = l.customer_id ${cond}`,
      params,
    ),
  ]);
  return { items: rows.map(presentLead), total: int(total?.n), offset: q.offset, limit: q.limit };
}

export async function getLead(ex: Executor, id: string) {
  const row = await selectOne<LeadListRow & { customer_owner_id?: string | null }>(
    ex,
    `${LEAD_SELECT} WHERE l.id = :id`,
    { id },
  );
  return row ? presentLead(row) : null;
}

const TASK_SELECT = `SELECT t.*, d.number AS deal_number, d.title AS deal_title, c.name AS customer_name, u.display_name AS assignee_name
  FROM crm_tasks t LEFT JOIN deals d ON d.id = t.deal_id LEFT JOIN customers c ON c.id = t.customer_id
  LEFT JOIN users u ON u.id = t.assignee_id`;

export async function listTasks(
  ex: Executor,
  q: {
    assigneeId?: string;
    dealId?: string;
    customerId?: string;
    status?: string;
    overdue?: boolean;
    offset: number;
    limit: number;
  },
  own: string | null,
  now: Date,
) {
  const where = ['t.deleted_at IS NULL'];
  const params: Record<string, unknown> = { offset: q.offset, limit: q.limit, now, own };
  for (const [key, column] of [
    ['assigneeId', 't.assignee_id'],
    ['dealId', 't.deal_id'],
    ['customerId', 't.customer_id'],
    ['status', 't.status'],
  ] as const) {
    if (q[key]) {
      where.push(`${column} = :${key}`);
      params[key] = q[key];
    }
  }
  if (q.overdue) where.push(`t.status = 'open' AND t.due_at < :now`);
  if (own) where.push('(t.assignee_id = :own OR t.escalated_to = :own OR d.owner_id = :own)');
  const cond = where.join(' AND ');
  const [rows, total] = await Promise.all([
    select<TaskListRow>(
      ex,
      `${TASK_SELECT} WHERE ${cond} ORDER BY t.due_at, t.id OFFSET :offset LIMIT :limit`,
      params,
    ),
    selectOne<{ n: string }>(
      ex,
      `SELECT count(*) AS n FROM crm_tasks t LEFT JOIN deals d ON d.id = t.deal_id WHERE ${cond}`,
      params,
    ),
  ]);
  return {
    items: rows.map((r) => presentTask(r, now)),
    total: int(total?.n),
    offset: q.offset,
    limit: q.limit,
  };
}

export async function getTask(ex: Executor, id: string, now: Date) {
  const row = await selectOne<TaskListRow & { deal_owner_id: string | null }>(
    ex,
    `SELECT t.*, d.number AS deal_number, d.title AS deal_title, d.owner_id AS deal_owner_id, c.name AS customer_name,
            u.display_name AS assignee_name
       FROM crm_tasks t LEFT JOIN deals d ON d.id = t.deal_id LEFT JOIN customers c ON c.id = t.customer_id
       LEFT JOIN users u ON u.id = t.assignee_id WHERE t.id = :id AND t.deleted_at IS NULL`,
    { id },
  );
  return row ? { dto: presentTask(row, now), row } : null;
}

/**
 * A person's agenda: open tasks due today (in the station's time zone), overdue ones, and tasks of
 * others that escalated to them.
 */
export async function agenda(ex: Executor, userId: string, day: string, timezone: string, now: Date) {
  const rows = await select<TaskListRow & { bucket: string }>(
    ex,
    `${TASK_SELECT.replace(
      'SELECT t.*',
      `SELECT t.*, CASE WHEN t.assignee_id <> :userId THEN 'escalated'
                                                         WHEN t.due_at < :now THEN 'overdue' ELSE 'today' END AS bucket`,
    )}
      WHERE t.deleted_at IS NULL AND t.status = 'open'
        AND ((t.assignee_id = :userId AND (t.due_at < :now OR (t.due_at AT TIME ZONE :tz)::date = :day::date))
             OR t.escalated_to = :userId)
      ORDER BY t.due_at, t.id LIMIT 1000`,
    { userId, now, tz: timezone, day },
  );
  const pick = (bucket: string) => rows.filter((r) => r.bucket === bucket).map((r) => presentTask(r, now));
  return { userId, date: day, overdue: pick('overdue'), today: pick('today'), escalated: pick('escalated') };
}

const CALL_SELECT = `SELECT k.*, c.name AS customer_name, ch.name AS channel_name, cp.name AS campaign_name, u.display_name AS manager_name
  FROM crm_calls k LEFT JOIN customers c ON c.id = k.customer_id LEFT JOIN ad_channels ch ON ch.id = k.channel_id
  LEFT JOIN ad_campaigns cp ON cp.id = k.campaign_id LEFT JOIN users u ON u.id = k.manager_id`;

export async function listCalls(
  ex: Executor,
  q: {
    kind?: string;
    direction?: string;
    missed?: boolean;
    channelId?: string;
    managerId?: string;
    customerId?: string;
    from?: Date;
    to?: Date;
    offset: number;
    limit: number;
  },
  own: string | null,
) {
  const where = ['k.deleted_at IS NULL'];
  const params: Record<string, unknown> = { offset: q.offset, limit: q.limit, own };
  for (const [key, column] of [
    ['kind', 'k.kind'],
    ['direction', 'k.direction'],
    ['channelId', 'k.channel_id'],
    ['managerId', 'k.manager_id'],
    ['customerId', 'k.customer_id'],
  ] as const) {
    if (q[key]) {
      where.push(`${column} = :${key}`);
      params[key] = q[key];
    }
  }
  if (q.missed !== undefined) {
    where.push('k.missed = :missed');
    params.missed = q.missed;
  }
  if (q.from) {
    where.push('k.started_at >= :from');
    params.from = q.from;
  }
  if (q.to) {
    where.push('k.started_at < :to');
    params.to = q.to;
  }
  if (own) where.push('(k.manager_id = :own OR c.owner_id = :own OR k.customer_id IS NULL)');
  const cond = where.join(' AND ');
  const [rows, total] = await Promise.all([
    select<CallListRow>(
      ex,
      `${CALL_SELECT} WHERE ${cond} ORDER BY k.started_at DESC, k.id OFFSET :offset LIMIT :limit`,
      params,
    ),
    selectOne<{ n: string }>(
      ex,
      `SELECT count(*) AS n FROM crm_calls k LEFT JOIN customers c ON c.id = k.customer_id WHERE ${cond}`,
      params,
    ),
  ]);
  return { items: rows.map(presentCall), total: int(total?.n), offset: q.offset, limit: q.limit };
}

export async function getCall(ex: Executor, id: string) {
  const row = await selectOne<CallListRow>(ex, `${CALL_SELECT} WHERE k.id = :id AND k.deleted_at IS NULL`, {
    id,
  });
  return row ? presentCall(row) : null;
}
