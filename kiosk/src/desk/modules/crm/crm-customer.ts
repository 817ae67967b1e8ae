import type { ConsentsDto } from '$contracts/workshop.ts';
import type { DeliveryLogEntryDto, MessageStatusDto } from '$contracts/notifications.ts';
import type { ImportMapping, ImportRowReport, LedgerKind } from '$lib/api/crm-api.ts';
import { ApiError } from '../../../lib/api/api-error.ts';

/** Pure helpers of the customer card's CRM panel and the import screen (unit-tested without a DOM). */

export interface LocalPage<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

/** One page of a list the server answers whole (the ledger and the delivery log are capped at 200). */
export function pageOf<T>(all: readonly T[], offset: number, limit: number): LocalPage<T> {
  const last = all.length === 0 ? 0 : Math.floor((all.length - 1) / limit) * limit;
  const start = Math.min(Math.max(0, offset), last);
  return { items: all.slice(start, start + limit), total: all.length, offset: start, limit };
}

/** How a ledger line reads in the history: earned, redeemed, expired/taken back, adjusted, moved. */
export type LedgerGroup = 'earned' | 'redeemed' | 'reversed' | 'adjusted' | 'merged';

export function ledgerGroup(kind: LedgerKind): LedgerGroup {
  switch (kind) {
    case 'earn':
      return 'earned';
    case 'redeem':
      return 'redeemed';
    case 'reverse':
      return 'reversed';
    case 'adjust':
      return 'adjusted';
    default:
      return 'merged';
  }
}

/** "+120" / "−40": the points of one ledger line with their sign (a true minus sign). */
export function signedPoints(points: number): string {
  if (points > 0) return `+${points}`;
  if (points < 0) return `\u2212${Math.abs(points)}`;
  return '0';
}

export type ConsentChannel = 'sms' | 'email';
export type ConsentPurpose = 'service' | 'marketing';

export interface ConsentCell {
  channel: ConsentChannel;
  purpose: ConsentPurpose;
  granted: boolean;
}

/** The four consents of a customer, channel by channel, service before marketing. */
export function consentCells(consents: ConsentsDto): ConsentCell[] {
  const cells: ConsentCell[] = [];
  for (const channel of ['sms', 'email'] as const)
    for (const purpose of ['service', 'marketing'] as const)
      cells.push({ channel, purpose, granted: consents[channel][purpose] });
  return cells;
}

/** Whether an opt-out of `purpose` (null: both) on `channel` would still change anything. */
export function canOptOut(
  consents: ConsentsDto,
  channel: ConsentChannel,
  purpose: ConsentPurpose | null,
): boolean {
  const c = consents[channel];
  return purpose === null ? c.service || c.marketing : c[purpose];
}

/** Messages whose delivery is over without success: the ones an operator may send again. */
export function canResend(status: MessageStatusDto): boolean {
  return status === 'failed' || status === 'cancelled';
}

export type LogFilter = '' | 'message' | 'failed' | 'suppressed' | 'opt_out' | 'reply';

/** The delivery log narrowed to one kind of entry; "failed" is the messages that failed. */
export function filterLog(entries: readonly DeliveryLogEntryDto[], filter: LogFilter): DeliveryLogEntryDto[] {
  if (!filter) return [...entries];
  if (filter === 'failed')
    return entries.filter((e) => e.type === 'message' && e.message.status === 'failed');
  return entries.filter((e) => e.type === filter);
}

/** The per-row report carried by the 400 of an import that refused (nothing was written). */
export function reportOfError(
  err: unknown,
): { row: number; column: string; report: ImportRowReport[] } | null {
  if (!(err instanceof ApiError) || err.status !== 400 || !err.details) return null;
  const { row, column, report } = err.details as { row?: unknown; column?: unknown; report?: unknown };
  if (typeof row !== 'number' || !Array.isArray(report)) return null;
  return { row, column: typeof column === 'string' ? column : '', report: report as ImportRowReport[] };
}

/** The points the server says can still be redeemed on an order, from its 409 (over balance or cap). */
export function redeemableOfError(err: unknown): number | null {
  if (!(err instanceof ApiError) || err.status !== 409) return null;
  const value = err.details?.redeemable;
  return typeof value === 'number' ? value : null;
}

export type ImportStep = 'choose' | 'uploading' | 'mapping' | 'checking' | 'checked' | 'importing' | 'done';

/**
 * The progress bar of an import, 0..100: the upload is the first half (the bytes sent), then the
 * check and the import itself (each one request; the server answers when the whole file is done).
 */
export function importProgress(step: ImportStep, uploaded: number): number {
  const clamp = Math.min(1, Math.max(0, uploaded));
  switch (step) {
    case 'choose':
      return 0;
    case 'uploading':
      return Math.round(clamp * 50);
    case 'mapping':
      return 50;
    case 'checking':
      return 60;
    case 'checked':
      return 75;
    case 'importing':
      return 90;
    case 'done':
      return 100;
  }
}

/** The mapping with its unmapped fields left out (the server refuses an empty column name). */
export function cleanMapping(mapping: Record<string, string>): ImportMapping {
  const out: Record<string, string> = {};
  for (const [field, column] of Object.entries(mapping)) if (column) out[field] = column;
  return out as ImportMapping;
}

/** Counts of a per-row report: rows to create (or created), skipped as duplicates, with errors. */
export function reportCounts(report: readonly ImportRowReport[]): {
  ok: number;
  skipped: number;
  errors: number;
} {
  let ok = 0;
  let skipped = 0;
  let errors = 0;
  for (const r of report) {
    if (r.result === 'error') errors++;
    else if (r.result === 'skipped') skipped++;
    else ok++;
  }
  return { ok, skipped, errors };
}
