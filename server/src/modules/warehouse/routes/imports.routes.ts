import path from 'node:path';
import Router from '@koa/router';
import type { Context } from 'koa';
import type { AppDeps } from '../../../deps.ts';
import { forbidden, notFound } from '../../../platform/errors.ts';
import { userOf } from '../../../platform/http/auth.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { newId } from '../../../platform/ids.ts';
import { can, type Permission } from '../../identity/rules/permissions.ts';
import { createImport, previewFile, startImport } from '../commands/imports.ts';
import { presentImportJob } from '../imports/import-job.ts';
import { runImport } from '../imports/run-import.ts';
import { importFormat, saveUpload } from '../imports/upload.ts';
import { ImportJob } from '../models/index.ts';
import { currencyDigits } from '../rules/money.ts';
import { permitAny } from '../warehouse.policy.ts';
import { idParam, importErrorsQuery, importUploadQuery, runImportBody } from '../warehouse.schemas.ts';
import { rm } from 'node:fs/promises';

const NEEDS: Record<'catalogue' | 'stock', Permission> = { catalogue: 'parts.write', stock: 'stock.adjust' };

function requireFor(ctx: Context, kind: 'catalogue' | 'stock'): void {
  const user = userOf(ctx);
  if (!can(user.role, NEEDS[kind]))
    throw forbidden(
      `Your role (${user.role}) may not import ${kind === 'catalogue' ? 'the catalogue' : 'stock'}`,
    );
}

/**
 * Catalogue and opening-stock import: upload the file itself as the request body (CSV or XLSX) and get
 * a preview with a suggested column mapping; start it with the mapping; poll the job for progress and
 * for the row/column report. Nothing is written unless every row is accepted.
 */
export function importRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/imports' });
  const importer = () => permitAny(['parts.write', 'stock.adjust']);
  const runDeps = { ...deps, currencyDigits: currencyDigits(deps.config.station.currency) };

  router.post('/', importer(), async (ctx) => {
    const q = parse(importUploadQuery, ctx.query);
    requireFor(ctx, q.kind);
    const format = importFormat(q.fileName, ctx.get('content-type'));
    const id = newId();
    const { file, size } = await saveUpload(
      ctx.req,
      path.join(deps.config.dataDir, 'imports'),
      `${id}.${format}`,
    );
    try {
      const preview = await previewFile(file, format, q.previewRows);
      ctx.status = 201;
      ctx.body = await runCommand(deps, ctx, (cx) =>
        createImport(cx, {
          id,
          kind: q.kind,
          format,
          fileName: path.basename(q.fileName),
          file,
          size,
          preview,
        }),
      );
    } catch (err) {
      await rm(file, { force: true });
      throw err;
    }
  });

  router.get('/:id', importer(), async (ctx) => {
    const job = await ImportJob.findByPk(parse(idParam, ctx.params).id);
    if (!job) throw notFound('Import');
    ctx.body = presentImportJob(job, deps.clock.now());
  });

  router.get('/:id/errors', importer(), async (ctx) => {
    const job = await ImportJob.findByPk(parse(idParam, ctx.params).id);
    if (!job) throw notFound('Import');
    const q = parse(importErrorsQuery, ctx.query);
    ctx.body = {
      items: job.errors.slice(q.offset, q.offset + q.limit),
      total: job.errorCount,
      stored: job.errors.length,
      offset: q.offset,
      limit: q.limit,
    };
  });

  /** Starts checking and writing in the background; answers 202 with the job to poll. */
  router.post('/:id/start', importer(), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(runImportBody, ctx.request.body);
    const existing = await ImportJob.findByPk(id);
    if (!existing) throw notFound('Import');
    requireFor(ctx, existing.kind);
    const job = await runCommand(deps, ctx, (cx) => startImport(cx, id, input));
    const actor = userOf(ctx);
    void runImport(runDeps, id, actor);
    ctx.status = 202;
    ctx.body = presentImportJob(job, deps.clock.now());
  });

  return router;
}
