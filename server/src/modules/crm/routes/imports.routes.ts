import { mkdir, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import { AppError, badRequest, forbidden } from '../../../platform/errors.ts';
import { userOf } from '../../../platform/http/auth.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { newId } from '../../../platform/ids.ts';
import { can } from '../../identity/rules/permissions.ts';
import { permit } from '../crm.policy.ts';
import { createImport, runImport } from '../commands/import-customers.ts';
import { formatOf } from '../imports/read-sheet.ts';
import { idParam, importRunBody, importUploadQuery } from '../crm.schemas.ts';

const MAX_BYTES = 20 * 1024 * 1024;

/**
 * Customer import: `POST /api/crm/imports?fileName=x.csv` with the file itself as the body answers a
 * preview and a suggested column mapping; `POST /api/crm/imports/:id/run` with the mapping validates
 * every row and creates everything or nothing (`dryRun: true` gives the per-row report only).
 */
export function importRoutes(deps: AppDeps): Router {
  const router = new Router();
  const dir = path.join(deps.config.dataDir, 'crm-imports');

  router.post('/imports', permit('crm.write'), async (ctx) => {
    const user = userOf(ctx);
    if (!can(user.role, 'customers.write'))
      throw forbidden(`Your role (${user.role}) may not create customers`);
    const { fileName } = parse(importUploadQuery, ctx.query);
    const format = formatOf(fileName);
    if (!format) throw badRequest('fileName: send a .csv or .xlsx file', 'fileName');
    if (Number(ctx.get('content-length') || 0) > MAX_BYTES)
      throw new AppError(413, 'payload_too_large', 'The file is larger than 20 MB');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const id = newId();
    const filePath = path.join(dir, `${id}.${format}`);
    let size = 0;
    try {
      await pipeline(
        ctx.req,
        new Transform({
          transform(chunk: Buffer, _enc, done) {
            size += chunk.length;
            done(
              size > MAX_BYTES
                ? new AppError(413, 'payload_too_large', 'The file is larger than 20 MB')
                : null,
              chunk,
            );
          },
        }),
        createWriteStream(filePath, { mode: 0o600 }),
      );
      if (size === 0) throw badRequest('The file is empty');
      ctx.body = await runCommand(deps, ctx, (cx) =>
        createImport(cx, { id, fileName: path.basename(fileName), format, filePath }),
      );
      ctx.status = 201;
    } catch (err) {
      await rm(filePath, { force: true });
      throw err instanceof Error && !(err instanceof AppError) && /zip|xlsx|end of central/i.test(err.message)
        ? badRequest('The file is not a readable spreadsheet')
        : err;
    }
  });

  router.post('/imports/:id/run', permit('crm.write'), async (ctx) => {
    const user = userOf(ctx);
    if (!can(user.role, 'customers.write'))
      throw forbidden(`Your role (${user.role}) may not create customers`);
    const { id } = parse(idParam, ctx.params);
    const input = parse(importRunBody, ctx.request.body);
    ctx.body = await runCommand(deps, ctx, (cx) => runImport(cx, id, input, deps.config.station.phoneRegion));
  });

  return router;
}
