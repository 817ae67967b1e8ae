import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

export type SheetFormat = 'csv' | 'xlsx';

export interface Sheet {
  headers: string[];
  /** Data rows with the row number a person sees in the spreadsheet (the header is row 1). */
  rows: Array<{ row: number; cells: Record<string, string> }>;
}

export function formatOf(fileName: string): SheetFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  return null;
}

function sniffDelimiter(firstLine: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]! += 1;
  }
  const [best, count] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return count > 0 ? best : ',';
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
  }
  return String(value);
}

function uniqueHeaders(cells: string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((c, i) => {
    let name = c.trim() || `Column ${i + 1}`;
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    if (n > 0) name = `${name} (${n + 1})`;
    return name;
  });
}

function toSheet(matrix: Array<{ row: number; cells: string[] }>): Sheet {
  const [header, ...data] = matrix;
  if (!header) return { headers: [], rows: [] };
  const headers = uniqueHeaders(header.cells);
  return {
    headers,
    rows: data
      .filter((r) => r.cells.some((c) => c.trim() !== ''))
      .map((r) => ({ row: r.row, cells: Object.fromEntries(headers.map((h, i) => [h, r.cells[i] ?? ''])) })),
  };
}

/** Reads the whole file (customer lists are small): a CSV with , ; or tab, or the first worksheet of an XLSX. */
export async function readSheet(file: string, format: SheetFormat): Promise<Sheet> {
  const buffer = await readFile(file);
  if (format === 'csv') {
    const text = buffer.toString('utf8').replace(/^\uFEFF/, '');
    const records = parse(text, {
      delimiter: sniffDelimiter(text.split(/\r?\n/)[0] ?? ''),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][];
    return toSheet(records.map((cells, i) => ({ row: i + 1, cells })));
  }
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return { headers: [], rows: [] };
  const matrix: Array<{ row: number; cells: string[] }> = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    matrix.push({ row: rowNumber, cells: (row.values as unknown[]).slice(1).map(cellText) });
  });
  return toSheet(matrix);
}
