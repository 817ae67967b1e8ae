import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, badRequest } from '../../../platform/errors.ts';
import type { ImportFormat } from './read-rows.ts';

export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

const XLSX_TYPES = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];
const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel'];

/** CSV or XLSX, from the file name first and the content type second. */
export function importFormat(fileName: string, contentType: string | undefined): ImportFormat {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.csv' || ext === '.txt') return 'csv';
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (XLSX_TYPES.includes(type)) return 'xlsx';
  if (CSV_TYPES.includes(type)) return 'csv';
  throw badRequest('fileName: send a .csv or .xlsx file', 'fileName');
}

/** Streams the raw request body (the file itself, not multipart) to disk, refusing more than the limit. */
export async function saveUpload(
  req: IncomingMessage,
  dir: string,
  name: string,
): Promise<{ file: string; size: number }> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, name);
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_IMPORT_BYTES)
    throw new AppError(
      413,
      'payload_too_large',
      `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`,
    );
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > MAX_IMPORT_BYTES)
        done(
          new AppError(
            413,
            'payload_too_large',
            `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`,
          ),
        );
      else done(null, chunk);
    },
  });
  try {
    await pipeline(req, limit, createWriteStream(file, { mode: 0o600 }));
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
  if (size === 0) {
    await rm(file, { force: true });
    throw badRequest('The file is empty');
  }
  return { file, size };
}
