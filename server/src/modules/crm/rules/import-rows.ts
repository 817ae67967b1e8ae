import { normalizePhone } from '../../workshop/rules/phone.ts';
import { plateProblem } from '../../workshop/rules/plate.ts';
import { normalizeVin, vinProblem } from '../../workshop/rules/vin.ts';

/**
 * Customer and vehicle import, the pure part: which column holds which field, each row read into a
 * customer (and optionally a car), every problem named with its row and column, and duplicates
 * inside the file. Duplicates against the database are found by the command.
 */
export const IMPORT_FIELDS = [
  'name',
  'kind',
  'phone',
  'phone2',
  'email',
  'notes',
  'make',
  'model',
  'year',
  'vin',
  'plate',
  'mileageKm',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export type ColumnMapping = Partial<Record<ImportField, string>>;

const HINTS: Record<ImportField, readonly string[]> = {
  name: ['name', 'customer', 'client', 'full name', 'fio', 'фио', 'имя', 'клиент', 'наименование'],
  kind: ['kind', 'type', 'тип'],
  phone: ['phone', 'mobile', 'tel', 'телефон', 'мобильный'],
  phone2: ['phone 2', 'phone2', 'second phone', 'телефон 2', 'доп. телефон'],
  email: ['email', 'e-mail', 'mail', 'почта'],
  notes: ['notes', 'note', 'comment', 'примечание', 'комментарий'],
  make: ['make', 'brand', 'марка'],
  model: ['model', 'модель'],
  year: ['year', 'год', 'год выпуска'],
  vin: ['vin', 'вин'],
  plate: ['plate', 'reg', 'registration', 'госномер', 'гос. номер', 'номер'],
  mileageKm: ['mileage', 'odometer', 'km', 'пробег'],
};

const squash = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s_.-]+/g, ' ');

/** The column each field most likely sits in, from the header names. */
export function suggestMapping(headers: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const taken = new Set<string>();
  for (const field of IMPORT_FIELDS) {
    const hit = headers.find((h) => !taken.has(h) && HINTS[field].some((hint) => squash(h) === squash(hint)));
    if (hit) {
      mapping[field] = hit;
      taken.add(hit);
    }
  }
  return mapping;
}

export interface ImportProblem {
  row: number;
  column: string;
  field: ImportField | null;
  message: string;
}

export interface ImportedRow {
  row: number;
  customer: {
    kind: 'individual' | 'company';
    name: string;
    phones: string[];
    email: string | null;
    notes: string | null;
  };
  vehicle: {
    make: string | null;
    model: string | null;
    year: number | null;
    vin: string | null;
    plate: string | null;
    mileageKm: number | null;
  } | null;
}

const KINDS: Record<string, 'individual' | 'company'> = {
  individual: 'individual',
  person: 'individual',
  физ: 'individual',
  физлицо: 'individual',
  'физ. лицо': 'individual',
  company: 'company',
  юр: 'company',
  юрлицо: 'company',
  'юр. лицо': 'company',
  организация: 'company',
};

/** Reads one row (a map of header → cell text) through the mapping; the row number is the sheet's. */
export function readImportRow(
  row: number,
  cells: Readonly<Record<string, string>>,
  mapping: ColumnMapping,
  phoneRegion: string,
): { value: ImportedRow | null; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const cell = (field: ImportField): string => {
    const column = mapping[field];
    return column ? (cells[column] ?? '').trim() : '';
  };
  const fail = (field: ImportField, message: string) =>
    problems.push({ row, column: mapping[field] ?? field, field, message });

  const name = cell('name');
  if (!name) fail('name', 'is required');
  const kindText = cell('kind').toLowerCase();
  const kind = kindText ? KINDS[kindText] : 'individual';
  if (!kind) fail('kind', `"${cell('kind')}" is neither an individual nor a company`);

  const phones: string[] = [];
  for (const field of ['phone', 'phone2'] as const) {
    const raw = cell(field);
    if (!raw) continue;
    const result = normalizePhone(raw, phoneRegion);
    if (result.ok) {
      if (!phones.includes(result.e164)) phones.push(result.e164);
    } else fail(field, `"${raw}" ${result.problem}`);
  }
  const email = cell('email').toLowerCase() || null;
  if (email && !/^[^@\s]+@[^@\s]+$/.test(email)) fail('email', `"${email}" is not an e-mail address`);

  const vinRaw = cell('vin');
  const vin = vinRaw ? normalizeVin(vinRaw) : null;
  if (vin) {
    const problem = vinProblem(vin);
    if (problem) fail('vin', problem);
  }
  const plate = cell('plate') || null;
  if (plate) {
    const problem = plateProblem(plate);
    if (problem) fail('plate', problem);
  }
  const yearText = cell('year');
  const year = yearText ? Number(yearText) : null;
  if (year !== null && (!Number.isInteger(year) || year < 1900 || year > 2100))
    fail('year', `"${yearText}" is not a year`);
  const mileageText = cell('mileageKm').replace(/[\s\u00a0]/g, '');
  const mileageKm = mileageText ? Number(mileageText) : null;
  if (mileageKm !== null && (!Number.isInteger(mileageKm) || mileageKm < 0))
    fail('mileageKm', `"${cell('mileageKm')}" is not a whole number of km`);
  const make = cell('make') || null;
  const model = cell('model') || null;
  const hasVehicle = !!(make || model || vin || plate);

  if (problems.length) return { value: null, problems };
  return {
    value: {
      row,
      customer: { kind: kind!, name: name.slice(0, 200), phones, email, notes: cell('notes') || null },
      vehicle: hasVehicle ? { make, model, year, vin, plate, mileageKm } : null,
    },
    problems,
  };
}

/** Rows that repeat a phone or a VIN of an earlier row of the same file. */
export function duplicatesInFile(rows: readonly ImportedRow[], mapping: ColumnMapping): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const phones = new Map<string, number>();
  const vins = new Map<string, number>();
  for (const r of rows) {
    for (const phone of r.customer.phones) {
      const first = phones.get(phone);
      if (first !== undefined && first !== r.row)
        problems.push({
          row: r.row,
          column: mapping.phone ?? 'phone',
          field: 'phone',
          message: `${phone} is also on row ${first}`,
        });
      else phones.set(phone, r.row);
    }
    const vin = r.vehicle?.vin;
    if (vin) {
      const first = vins.get(vin);
      if (first !== undefined)
        problems.push({
          row: r.row,
          column: mapping.vin ?? 'vin',
          field: 'vin',
          message: `VIN ${vin} is also on row ${first}`,
        });
      else vins.set(vin, r.row);
    }
  }
  return problems;
}
