import type { Condition } from '../rules/conditions.ts';
import { select, type Executor } from '../db.ts';

export interface RuleRow {
  id: string;
  code: string | null;
  name: string;
  event_type: string;
  conditions: Condition[];
  action_type: string;
  action_params: Record<string, unknown>;
  enabled: boolean;
  builtin: boolean;
  position: number;
  created_at: Date;
  updated_at: Date;
}

const TTL_MS = 30_000;

/**
 * The enabled rules, read once and kept for a while: every command of the station emits events, and
 * most of them match no rule. Rule changes clear it (after their commit, see registerNotifications).
 */
export class RulesCache {
  private rows: RuleRow[] | null = null;
  private loadedAt = 0;

  invalidate(): void {
    this.rows = null;
  }

  async enabled(ex: Executor): Promise<RuleRow[]> {
    if (this.rows && Date.now() - this.loadedAt < TTL_MS) return this.rows;
    const rows = await select<RuleRow>(
      ex,
      `SELECT * FROM notification_rules WHERE enabled ORDER BY position, created_at`,
    );
    this.rows = rows;
    this.loadedAt = Date.now();
    return rows;
  }
}
