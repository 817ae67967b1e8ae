import type { CommandContext } from '../../../platform/context.ts';
import type { DomainEvent } from '../../../platform/events.ts';

export interface RuleRef {
  id: string;
  code: string | null;
  name: string;
}

/** What an automation rule does: runs in the transaction of the event that triggered it. */
export type AutomationActionHandler = (
  cx: CommandContext,
  params: Record<string, unknown>,
  event: DomainEvent,
  rule: RuleRef,
) => Promise<unknown>;

export interface AutomationAction {
  type: string;
  describe: string;
  handler: AutomationActionHandler;
  /** Why the parameters cannot work (400 when a rule is saved), or null. */
  check?: (params: Record<string, unknown>) => string | null;
}

const actions = new Map<string, AutomationAction>();

/**
 * Where a module plugs in an action for the rules: `send_message` is the notifications module's own;
 * the CRM registers `crm.create_task` and `crm.move_deal`. A rule naming an action nobody registered
 * is skipped (and logged), so rules can be configured before the module that acts is installed.
 */
export function registerAutomationAction(action: AutomationAction): void {
  actions.set(action.type, action);
}

export function automationAction(type: string): AutomationAction | null {
  return actions.get(type) ?? null;
}

export function automationActions(): AutomationAction[] {
  return [...actions.values()];
}
