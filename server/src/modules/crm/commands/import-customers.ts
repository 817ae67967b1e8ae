import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { AppError, conflict, notFound } from '../../../platform/errors.ts';
import { actorUserId } from '../../workshop/actor.ts';
import { createCustomer } from '../../workshop/commands/create-customer.ts';
import { displayPlate } from '../../workshop/rules/plate.ts';
import { execute, select, selectOne } from '../db.ts';
import { readSheet, type SheetFormat } from '../imports/read-sheet.ts';
import {
  duplicatesInFile,
  readImportRow,
  suggestMapping,
  type ColumnMapping,
  type ImportedRow,
  type ImportProblem,
} from '../rules/import-rows.ts';

export interface ImportRow {
  id: string;
  status: 'uploaded' | 'applied';
  file_name: string;
  format: SheetFormat;
  file_path: string;
  rows: number;
  created_by: string | null;
}

export async function createImport(
  cx: CommandContext,
  input: { id: string; fileName: string; format: SheetFormat; filePath: string },
): Promise<{
  id: string;
  headers: string[];
  rows: number;
  preview: Array<Record<string, string>>;
  suggestedMapping: ColumnMapping;
}> {
  const sheet = await readSheet(input.filePath, input.format);
  await execute(
    cx,
    `INSERT INTO crm_imports (id, status, file_name, format, file_path, rows, created_by, created_at)
     VALUES (:id, 'uploaded', :fileName, :format, :filePath, :rows, :by, :now)`,
    { ...input, rows: sheet.rows.length, by: actorUserId(cx.actor), now: cx.now },
  );
  return {
    id: input.id,
    headers: sheet.headers,
    rows: sheet.rows.length,
    preview: sheet.rows.slice(0, 20).map((r) => r.cells),
    suggestedMapping: suggestMapping(sheet.headers),
  };
}

export interface RowReport {
  row: number;
  result: 'create' | 'created' | 'skipped' | 'error';
  name: string | null;
  problems: ImportProblem[];
  customerId?: string;
}

/**
 * Validates every row (phones normalised, VIN and plate checked, duplicates in the file and against
 * the database by phone and VIN) and, unless `dryRun`, creates the customers and their cars through
 * the workshop's createCustomer — all in this one transaction, or nothing: any problem is a 400
 * naming the first row and column, with the whole per-row report in the details. Rows that duplicate
 * a customer on file are skipped (and reported) when `skipDuplicates`.
 */
export async function runImport(
  cx: CommandContext,
  id: string,
  input: { mapping: ColumnMapping; dryRun: boolean; skipDuplicates: boolean },
  phoneRegion: string,
): Promise<{ dryRun: boolean; created: number; skipped: number; report: RowReport[] }> {
  const job = await selectOne<ImportRow>(cx, `SELECT * FROM crm_imports WHERE id = :id FOR UPDATE`, { id });
  if (!job) throw notFound('Import');
  if (job.status === 'applied') throw conflict('This import was applied already');
  if (!input.mapping.name)
    throw new AppError(
      400,
      'validation_failed',
      'mapping.name: map the column with the name',
      'mapping.name',
    );
  const sheet = await readSheet(job.file_path, job.format);
  for (const [field, column] of Object.entries(input.mapping))
    if (!sheet.headers.includes(column))
      throw new AppError(
        400,
        'validation_failed',
        `mapping.${field}: the file has no column "${column}"`,
        `mapping.${field}`,
      );

  const report = new Map<number, RowReport>();
  const valid: ImportedRow[] = [];
  for (const r of sheet.rows) {
    const { value, problems } = readImportRow(r.row, r.cells, input.mapping, phoneRegion);
    report.set(r.row, {
      row: r.row,
      result: problems.length ? 'error' : 'create',
      name: value?.customer.name ?? null,
      problems,
    });
    if (value) valid.push(value);
  }
  for (const p of duplicatesInFile(valid, input.mapping)) {
    const entry = report.get(p.row)!;
    entry.result = 'error';
    entry.problems.push(p);
  }
  const phones = [...new Set(valid.flatMap((v) => v.customer.phones))];
  const vins = [...new Set(valid.map((v) => v.vehicle?.vin).filter((v): v is string => !!v))];
  const knownPhones = phones.length
    ? new Map(
        (
          await select<{ e164: string; name: string }>(
            cx,
            `SELECT DISTINCT ON (p.e164) p.e164, c.name FROM customer_phones p JOIN customers c ON c.id = p.customer_id
            WHERE p.e164 IN (:phones) AND c.merged_into_id IS NULL`,
            { phones },
          )
        ).map((r) => [r.e164, r.name]),
      )
    : new Map<string, string>();
  const knownVins = vins.length
    ? new Set(
        (await select<{ vin: string }>(cx, `SELECT vin FROM vehicles WHERE vin IN (:vins)`, { vins })).map(
          (r) => r.vin,
        ),
      )
    : new Set<string>();
  for (const v of valid) {
    const entry = report.get(v.row)!;
    const dup: ImportProblem[] = [];
    for (const phone of v.customer.phones)
      if (knownPhones.has(phone))
        dup.push({
          row: v.row,
          column: input.mapping.phone ?? 'phone',
          field: 'phone',
          message: `${phone} belongs to ${knownPhones.get(phone)} already`,
        });
    if (v.vehicle?.vin && knownVins.has(v.vehicle.vin))
      dup.push({
        row: v.row,
        column: input.mapping.vin ?? 'vin',
        field: 'vin',
        message: `VIN ${v.vehicle.vin} is on file already`,
      });
    if (!dup.length) continue;
    if (input.skipDuplicates && entry.result !== 'error') entry.result = 'skipped';
    else entry.result = 'error';
    entry.problems.push(...dup);
  }
  const rows = [...report.values()].sort((a, b) => a.row - b.row);
  const errors = rows.filter((r) => r.result === 'error');
  if (errors.length && !input.dryRun) {
    const first = errors[0]!.problems[0]!;
    throw new AppError(
      400,
      'validation_failed',
      `row ${first.row}, column "${first.column}": ${first.message} (${errors.length} rows have problems; nothing was imported)`,
      first.column,
      { row: first.row, column: first.column, report: errors },
    );
  }
  const toCreate = valid.filter((v) => report.get(v.row)!.result === 'create');
  if (input.dryRun)
    return {
      dryRun: true,
      created: 0,
      skipped: rows.filter((r) => r.result === 'skipped').length,
      report: rows,
    };
  for (const v of toCreate) {
    const customer = await createCustomer(cx, {
      kind: v.customer.kind,
      name: v.customer.name,
      email: v.customer.email,
      notes: v.customer.notes,
      phones: v.customer.phones.map((number) => ({ number })),
      vehicles: v.vehicle
        ? [
            {
              vin: v.vehicle.vin,
              plate: v.vehicle.plate ? displayPlate(v.vehicle.plate) : null,
              make: v.vehicle.make,
              model: v.vehicle.model,
              year: v.vehicle.year,
              ...(v.vehicle.mileageKm !== null ? { mileageKm: v.vehicle.mileageKm } : {}),
            },
          ]
        : [],
      force: true,
    } as Parameters<typeof createCustomer>[1]);
    const entry = report.get(v.row)!;
    entry.result = 'created';
    entry.customerId = customer.id;
  }
  const skipped = rows.filter((r) => r.result === 'skipped').length;
  await execute(
    cx,
    `UPDATE crm_imports SET status = 'applied', mapping = :mapping, report = :report, applied_at = :now WHERE id = :id`,
    {
      id,
      mapping: JSON.stringify(input.mapping),
      report: JSON.stringify({ created: toCreate.length, skipped }),
      now: cx.now,
    },
  );
  await recordAudit(cx, {
    action: 'crm.customers_imported',
    entityType: 'crm_import',
    entityId: id,
    after: { fileName: job.file_name, created: toCreate.length, skipped },
  });
  return { dryRun: false, created: toCreate.length, skipped, report: rows };
}
