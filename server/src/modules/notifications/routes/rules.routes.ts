import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import { notFound } from '../../../platform/errors.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { permit } from '../../identity/identity.policy.ts';
import { automationActions } from '../automation/actions.ts';
import type { RuleRow } from '../automation/rules-cache.ts';
import { createRule, deleteRule, updateRule } from '../commands/rules.ts';
import { poolOf, select, selectOne } from '../db.ts';
import { presentRule } from '../notifications.presenter.ts';
import { createRuleBody, idParam, updateRuleBody } from '../notifications.schemas.ts';

export function ruleRoutes(deps: AppDeps): Router {
  const router = new Router();
  // Per route, not router.use: this router has no prefix of its own and shares /notifications.
  const manage = permit('notifications.manage');

  router.get('/actions', manage, (ctx) => {
    ctx.body = automationActions().map((a) => ({ type: a.type, describe: a.describe }));
  });

  router.get('/rules', manage, async (ctx) => {
    const rows = await select<RuleRow>(
      poolOf(deps.sequelize),
      `SELECT * FROM notification_rules ORDER BY position, created_at`,
    );
    ctx.body = rows.map(presentRule);
  });

  router.get('/rules/:id', manage, async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const row = await selectOne<RuleRow>(
      poolOf(deps.sequelize),
      `SELECT * FROM notification_rules WHERE id = :id`,
      { id },
    );
    if (!row) throw notFound('Rule');
    ctx.body = presentRule(row);
  });

  router.post('/rules', manage, async (ctx) => {
    const input = parse(createRuleBody, ctx.request.body);
    const rule = await runCommand(deps, ctx, (cx) => createRule(cx, input));
    ctx.status = 201;
    ctx.body = presentRule(rule);
  });

  router.patch('/rules/:id', manage, async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(updateRuleBody, ctx.request.body);
    ctx.body = presentRule(await runCommand(deps, ctx, (cx) => updateRule(cx, id, input)));
  });

  router.delete('/rules/:id', manage, async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    await runCommand(deps, ctx, (cx) => deleteRule(cx, id));
    ctx.status = 204;
  });

  return router;
}
