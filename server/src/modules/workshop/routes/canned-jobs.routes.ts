import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { permit } from '../../identity/identity.policy.ts';
import { createCannedJob, deleteCannedJob, updateCannedJob } from '../commands/canned-jobs.ts';
import { getCannedJob, listCannedJobs } from '../queries/canned-jobs.ts';
import { cannedJobBody, idParam, listCannedJobsQuery, updateCannedJobBody } from '../workshop.schemas.ts';

export function cannedJobRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/canned-jobs' });

  router.get('/', permit('orders.read'), async (ctx) => {
    ctx.body = await listCannedJobs(parse(listCannedJobsQuery, ctx.query));
  });

  router.post('/', permit('orders.write'), async (ctx) => {
    const input = parse(cannedJobBody, ctx.request.body);
    const job = await runCommand(deps, ctx, (cx) => createCannedJob(cx, input));
    ctx.status = 201;
    ctx.body = await getCannedJob(job.id);
  });

  router.get('/:id', permit('orders.read'), async (ctx) => {
    ctx.body = await getCannedJob(parse(idParam, ctx.params).id);
  });

  router.patch('/:id', permit('orders.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(updateCannedJobBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => updateCannedJob(cx, id, input));
    ctx.body = await getCannedJob(id);
  });

  router.delete('/:id', permit('orders.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    await runCommand(deps, ctx, (cx) => deleteCannedJob(cx, id));
    ctx.status = 204;
  });

  return router;
}
