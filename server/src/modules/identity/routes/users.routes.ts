import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import { notFound } from '../../../platform/errors.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { createUser } from '../commands/create-user.ts';
import { revokeUserSessions } from '../commands/revoke-sessions.ts';
import { updateUser } from '../commands/update-user.ts';
import { User } from '../models/index.ts';
import { presentUser } from '../identity.presenter.ts';
import { permit } from '../identity.policy.ts';
import { createUserBody, idParam, listUsersQuery, updateUserBody } from '../identity.schemas.ts';
import { listUsers } from '../queries/users.ts';

export function userRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/users' });
  router.use(permit('users.manage'));

  router.get('/', async (ctx) => {
    ctx.body = await listUsers(parse(listUsersQuery, ctx.query));
  });

  router.post('/', async (ctx) => {
    const input = parse(createUserBody, ctx.request.body);
    const user = await runCommand(deps, ctx, (cx) => createUser(cx, input));
    ctx.status = 201;
    ctx.body = presentUser(user);
  });

  router.get('/:id', async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const user = await User.findByPk(id);
    if (!user) throw notFound('User');
    ctx.body = presentUser(user);
  });

  router.patch('/:id', async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(updateUserBody, ctx.request.body);
    const user = await runCommand(deps, ctx, (cx) => updateUser(cx, id, input));
    ctx.body = presentUser(user);
  });

  router.post('/:id/revoke-sessions', async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const revoked = await runCommand(deps, ctx, async (cx) => {
      if (!(await User.findByPk(id, { transaction: cx.tx }))) throw notFound('User');
      return revokeUserSessions(cx, id, 'signed out by an administrator');
    });
    ctx.body = { revoked: revoked.length };
  });

  return router;
}
