export type DocumentPrefix = 'PO' | 'GR' | 'ST' | 'TR' | 'PR';

/** A human document number people read aloud: PO-2026-000123. */
export function formatDocumentNumber(prefix: DocumentPrefix, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}
