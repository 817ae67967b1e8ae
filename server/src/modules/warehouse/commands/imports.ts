import type { ImportPreviewDto } from '../../../contracts/warehouse.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, notFound } from '../../../platform/errors.ts';
import { recordAudit } from '../../../platform/audit.ts';
import { ImportJob } from '../models/index.ts';
import { IMPORT_FIELDS, mappingProblems, suggestMapping, type ImportKind } from '../rules/import-fields.ts';
import { headerNames, readRows, rowObject, type ImportFormat } from '../imports/read-rows.ts';
import { presentImportJob } from '../imports/import-job.ts';

export interface FilePreview {
  columns: string[];
  rows: Array<Record<string, string>>;
}

/** The header and the first rows of an uploaded file; a file that cannot be read is a 400. */
export async function previewFile(file: string, format: ImportFormat, rows: number): Promise<FilePreview> {
  let columns: string[] | null = null;
  const out: Array<Record<string, string>> = [];
  try {
    for await (const row of readRows(file, format)) {
      if (!columns) columns = headerNames(row.cells);
      else out.push(rowObject(columns, row.cells));
      if (out.length >= rows) break;
    }
  } catch (err) {
    throw badRequest(`The file is not a readable ${format.toUpperCase()} file: ${(err as Error).message}`);
  }
  if (!columns) throw badRequest('The file has no rows');
  return { columns, rows: out };
}

export async function createImport(
  cx: CommandContext,
  input: {
    id: string;
    kind: ImportKind;
    format: ImportFormat;
    fileName: string;
    file: string;
    size: number;
    preview: FilePreview;
  },
): Promise<ImportPreviewDto> {
  const job = await ImportJob.create(
    {
      id: input.id,
      kind: input.kind,
      format: input.format,
      fileName: input.fileName,
      filePath: input.file,
      fileSize: input.size,
      status: 'uploaded',
      options: { columns: input.preview.columns },
      bytesRead: 0,
      rowsRead: 0,
      rowsWritten: 0,
      errorCount: 0,
      errors: [],
      createdBy: cx.actor.name,
      createdAt: cx.now,
    },
    { transaction: cx.tx },
  );
  await recordAudit(cx, {
    action: 'import.uploaded',
    entityType: 'import',
    entityId: job.id,
    after: { kind: input.kind, fileName: input.fileName, size: input.size },
  });
  return {
    job: presentImportJob(job, cx.now),
    columns: input.preview.columns,
    rows: input.preview.rows,
    suggestedMapping: suggestMapping(input.kind, input.preview.columns),
    fields: IMPORT_FIELDS[input.kind].map((f) => ({ field: f.field, required: f.required })),
  };
}

/** Accepts the column mapping and marks the job running; the caller then runs it in the background. */
export async function startImport(
  cx: CommandContext,
  id: string,
  input: { mapping: Record<string, string> },
): Promise<ImportJob> {
  const job = await ImportJob.findByPk(id, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  if (!job) throw notFound('Import');
  if (job.status !== 'uploaded' && job.status !== 'rejected')
    throw conflict(`The import is ${job.status}`, { status: job.status });
  const columns = ((job.options ?? {}) as { columns?: string[] }).columns ?? [];
  const problems = mappingProblems(job.kind, input.mapping, columns);
  if (problems.length) {
    const [first] = problems;
    throw badRequest(first!, first!.split(':')[0], { problems });
  }
  job.status = 'validating';
  job.mapping = input.mapping;
  job.bytesRead = '0';
  job.rowsRead = 0;
  job.rowsWritten = 0;
  job.rowsTotal = null;
  job.errorCount = 0;
  job.errors = [];
  job.summary = null;
  job.message = null;
  job.startedAt = cx.now;
  job.heartbeatAt = cx.now;
  job.finishedAt = null;
  await job.save({ transaction: cx.tx });
  await recordAudit(cx, { action: 'import.started', entityType: 'import', entityId: id, after: input });
  return job;
}
