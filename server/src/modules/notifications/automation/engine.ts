import type { CommandContext } from '../../../platform/context.ts';
import type { DomainEvent } from '../../../platform/events.ts';
import type { Logger } from '../../../platform/logger.ts';
import { poolOf } from '../db.ts';
import { conditionsHold } from '../rules/conditions.ts';
import { automationAction } from './actions.ts';
import type { RulesCache, RuleRow } from './rules-cache.ts';

export interface RuleRun {
  rule: RuleRow;
  result: unknown;
}

/** Every enabled rule for the event whose conditions hold runs its action, in the event's transaction. */
export async function applyRules(
  cx: CommandContext,
  event: DomainEvent,
  rules: readonly RuleRow[],
  logger: Logger,
): Promise<RuleRun[]> {
  const runs: RuleRun[] = [];
  for (const rule of rules) {
    if (rule.event_type !== event.type || !conditionsHold(rule.conditions, event)) continue;
    const action = automationAction(rule.action_type);
    if (!action) {
      logger.warn(
        { rule: rule.code ?? rule.id, action: rule.action_type },
        'automation rule names an action nobody registered',
      );
      continue;
    }
    runs.push({ rule, result: await action.handler(cx, rule.action_params, event, rule) });
  }
  return runs;
}

/**
 * The before-commit handler: the rules run inside the transaction of the change that emitted the
 * events, so a message exists exactly when its cause does (a rolled-back booking leaves none). They
 * run in a savepoint: a broken rule is logged and undone without undoing the booking itself.
 */
export function automationBeforeCommit(cache: RulesCache, logger: Logger) {
  return async (cx: CommandContext, events: readonly DomainEvent[]): Promise<void> => {
    // A snapshot: events the rules themselves produce are emitted after the savepoint, not re-run.
    const batch = [...events];
    const rules = await cache.enabled(poolOf(cx.sequelize));
    const types = new Set(rules.map((r) => r.event_type));
    const relevant = batch.filter((e) => types.has(e.type));
    if (relevant.length === 0) return;
    const produced: DomainEvent[] = [];
    try {
      await cx.sequelize.transaction({ transaction: cx.tx }, async (sp) => {
        const scx: CommandContext = { ...cx, tx: sp, emit: (e) => produced.push(e) };
        for (const event of relevant) await applyRules(scx, event, rules, logger);
      });
    } catch (err) {
      logger.error(
        { err, events: relevant.map((e) => e.type) },
        'notification rules failed; the change itself is kept',
      );
      return;
    }
    for (const e of produced) cx.emit(e);
  };
}
