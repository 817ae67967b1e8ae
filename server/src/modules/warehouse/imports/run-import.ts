import { rm } from 'node:fs/promises';
import type { ImportRowErrorDto } from '../../../contracts/warehouse.ts';
import type { Actor } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import type { Logger } from '../../../platform/logger.ts';
import { inTransaction, type TransactionDeps } from '../../../platform/transaction.ts';
import { importCatalogue } from '../commands/import-catalogue.ts';
import { importOpeningStock } from '../commands/import-opening-stock.ts';
import { poolOf } from '../db.ts';
import { ImportJob } from '../models/index.ts';
import {
  parseCatalogueRow,
  parseStockRow,
  type CatalogueRow,
  type StockRow,
} from '../rules/import-fields.ts';
import { MAX_STORED_ERRORS } from './import-job.ts';
import { ImportProgress } from './progress.ts';
import { headerNames, readRows, rowObject } from './read-rows.ts';
import { validateCatalogue, validateStock, type Numbered } from './validate-rows.ts';

export interface ImportRunDeps extends TransactionDeps {
  logger: Logger;
  currencyDigits: number;
}

/**
 * Runs a started import to its end, outside the request that started it: reads and checks every row
 * (reporting progress), then either rejects the file with its row/column errors and writes nothing,
 * or writes all of it in one transaction. Never throws: the outcome is on the job row.
 */
export async function runImport(deps: ImportRunDeps, jobId: string, actor: Actor): Promise<void> {
  const progress = new ImportProgress(deps.sequelize, jobId);
  const job = await ImportJob.findByPk(jobId);
  if (!job) return;
  try {
    const mapping = job.mapping ?? {};
    const errors: ImportRowErrorDto[] = [];
    let errorCount = 0;
    const addError = (e: ImportRowErrorDto) => {
      errorCount += 1;
      if (errors.length < MAX_STORED_ERRORS) errors.push(e);
    };
    const catalogue: Array<Numbered<CatalogueRow>> = [];
    const stock: Array<Numbered<StockRow>> = [];
    let columns: string[] | null = null;
    let rowsRead = 0;
    for await (const sheetRow of readRows(
      job.filePath,
      job.format,
      (bytes) => void progress.report({ bytesRead: bytes }).catch(() => undefined),
    )) {
      if (!columns) {
        columns = headerNames(sheetRow.cells);
        continue;
      }
      rowsRead += 1;
      const values = rowObject(columns, sheetRow.cells);
      const parsed =
        job.kind === 'catalogue'
          ? parseCatalogueRow(values, mapping, deps.currencyDigits)
          : parseStockRow(values, mapping, deps.currencyDigits);
      if (!parsed.ok) for (const e of parsed.errors) addError({ row: sheetRow.row, ...e });
      else if (job.kind === 'catalogue')
        catalogue.push({ row: sheetRow.row, data: parsed.row as CatalogueRow });
      else stock.push({ row: sheetRow.row, data: parsed.row as StockRow });
      if (rowsRead % 500 === 0) await progress.report({ rowsRead });
    }
    await progress.report({ rowsRead, bytesRead: Number(job.fileSize) }, true);
    if (rowsRead === 0) addError({ row: 1, column: null, message: 'the file has a header but no rows' });

    const pool = poolOf(deps.sequelize);
    let resolvedStock: Awaited<ReturnType<typeof validateStock>>['resolved'] = [];
    if (job.kind === 'catalogue') (await validateCatalogue(pool, catalogue, mapping)).forEach(addError);
    else {
      const checked = await validateStock(pool, stock, mapping);
      checked.errors.forEach(addError);
      resolvedStock = checked.resolved;
    }
    if (errorCount > 0) {
      errors.sort((a, b) => a.row - b.row);
      await finish(job, {
        status: 'rejected',
        errors,
        errorCount,
        rowsRead,
        message: `${errorCount} problem(s) found: nothing was imported`,
      });
      return;
    }

    const rowsTotal = job.kind === 'catalogue' ? catalogue.length : resolvedStock.length;
    await progress.report({ status: 'writing', rowsTotal, rowsWritten: 0 }, true);
    const onProgress = (written: number) => progress.report({ rowsWritten: written });
    const summary = await inTransaction(deps, actor, (cx) =>
      job.kind === 'catalogue'
        ? importCatalogue(cx, catalogue, onProgress, job.id)
        : importOpeningStock(cx, resolvedStock, onProgress, job.id),
    );
    await finish(job, { status: 'completed', rowsRead, rowsWritten: rowsTotal, summary, message: null });
    await rm(job.filePath, { force: true });
  } catch (err) {
    const known = err instanceof AppError;
    if (!known) deps.logger.error({ err, jobId }, 'import failed');
    await finish(job, {
      status: 'failed',
      message: known ? err.message : 'The import failed; see the server log',
    }).catch((e: unknown) => deps.logger.error({ err: e, jobId }, 'could not record the import failure'));
  }
}

async function finish(
  job: ImportJob,
  fields: {
    status: ImportJob['status'];
    errors?: ImportRowErrorDto[];
    errorCount?: number;
    rowsRead?: number;
    rowsWritten?: number;
    summary?: Record<string, number>;
    message: string | null;
  },
): Promise<void> {
  await job.reload();
  job.status = fields.status;
  if (fields.errors) job.errors = fields.errors;
  if (fields.errorCount !== undefined) job.errorCount = fields.errorCount;
  if (fields.rowsRead !== undefined) job.rowsRead = fields.rowsRead;
  if (fields.rowsWritten !== undefined) job.rowsWritten = fields.rowsWritten;
  if (fields.summary) job.summary = fields.summary;
  job.message = fields.message;
  job.finishedAt = new Date();
  job.heartbeatAt = new Date();
  await job.save();
}
