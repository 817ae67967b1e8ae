import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

export type ImportFormat = 'csv' | 'xlsx';

export interface SheetRow {
  /** The row number a person sees in the spreadsheet (the header is row 1 in a CSV). */
  row: number;
  cells: string[];
}

/**
 * Streams the rows of a CSV or the first worksheet of an XLSX file without loading it whole.
 * `onBytes` is told how many bytes of the file were read so far (the progress bar).
 */
export async function* readRows(
  file: string,
  format: ImportFormat,
  onBytes: (bytes: number) => void = () => undefined,
): AsyncGenerator<SheetRow> {
  const delimiter = format === 'csv' ? await sniffDelimiter(file) : ',';
  let bytes = 0;
  const source = createReadStream(file, { highWaterMark: 256 * 1024 });
  // Counts bytes on their way to the parser (a 'data' listener would start the flow before the parser is attached).
  const counted = source.pipe(
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        onBytes(bytes);
        done(null, chunk);
      },
    }),
  );
  try {
    if (format === 'csv') yield* csvRows(counted, delimiter);
    else yield* xlsxRows(counted);
  } finally {
    // A preview stops after a few rows: close the file instead of reading it to the end.
    source.destroy();
    counted.destroy();
  }
}

async function* csvRows(stream: Readable, delimiter: string): AsyncGenerator<SheetRow> {
  const parser = stream.pipe(
    parse({ bom: true, delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }),
  );
  let row = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    row += 1;
    if (record.every((c) => c.trim() === '')) continue;
    yield { row, cells: record };
  }
}

async function* xlsxRows(stream: Readable): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = (row.values as unknown[]).slice(1).map(cellText);
      if (values.every((c) => c.trim() === '')) continue;
      yield { row: row.number, cells: values };
    }
    // Only the first worksheet is read; drain the rest of the file so the reader finishes cleanly.
    break;
  }
}

/** A cell of any kind (rich text, formula, hyperlink, date) as the text a person sees. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as {
      richText?: Array<{ text: string }>;
      text?: unknown;
      result?: unknown;
      error?: unknown;
    };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.error !== undefined) return '';
  }
  return String(value);
}

/** The delimiter of a CSV from its first line: comma, semicolon (spreadsheets in Russian locales) or tab. */
export async function sniffDelimiter(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const firstLine = buffer.subarray(0, bytesRead).toString('utf8').split(/\r?\n/)[0] ?? '';
    const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
    let quoted = false;
    for (const ch of firstLine) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch in counts) counts[ch]! += 1;
    }
    const [best, count] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
    return count > 0 ? best : ',';
  } finally {
    await handle.close();
  }
}

/** The header (trimmed, blank headers named by their column letter) and the first rows as field maps. */
export function headerNames(cells: string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((c, i) => {
    let name = c.trim() || columnLetter(i);
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    if (n > 0) name = `${name} (${n + 1})`;
    return name;
  });
}

export function columnLetter(index: number): string {
  let s = '';
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function rowObject(columns: readonly string[], cells: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  columns.forEach((c, i) => (out[c] = cells[i] ?? ''));
  return out;
}
