import type { ImportJobDto, ImportRowErrorDto } from '../../../contracts/warehouse.ts';
import { iso } from '../db.ts';
import type { ImportJob } from '../models/index.ts';

/** A job still "running" with no sign of life for this long was cut off by a restart. */
export const STALE_AFTER_MS = 2 * 60_000;
export const MAX_STORED_ERRORS = 1000;

export function presentImportJob(job: ImportJob, now: Date, errorLimit = 100): ImportJobDto {
  const running = job.status === 'validating' || job.status === 'writing';
  const beat = job.heartbeatAt ?? job.startedAt;
  const stale = running && beat !== null && now.getTime() - new Date(beat).getTime() > STALE_AFTER_MS;
  const size = Number(job.fileSize) || 1;
  let percent = 0;
  if (job.status === 'validating') percent = Math.min(50, Math.floor((Number(job.bytesRead) / size) * 50));
  else if (job.status === 'writing')
    percent = 50 + Math.min(50, Math.floor(((job.rowsWritten ?? 0) / Math.max(1, job.rowsTotal ?? 1)) * 50));
  else if (job.status === 'completed' || job.status === 'rejected') percent = 100;
  return {
    id: job.id,
    kind: job.kind,
    format: job.format,
    fileName: job.fileName,
    status: stale ? 'failed' : job.status,
    percent,
    rowsRead: job.rowsRead,
    rowsWritten: job.rowsWritten,
    errorCount: job.errorCount,
    errors: (job.errors as ImportRowErrorDto[]).slice(0, errorLimit),
    summary: job.summary,
    message: stale ? 'The import was interrupted (the server restarted); start it again' : job.message,
    createdAt: iso(job.createdAt)!,
    finishedAt: iso(job.finishedAt),
  };
}
