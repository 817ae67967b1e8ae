import { describe, expect, it } from 'vitest';
import type { DeliveryLogEntryDto, OutboxMessageDto } from '../../../server/src/contracts/notifications.ts';
import type { ConsentsDto } from '../../../server/src/contracts/workshop.ts';
import { ApiError } from '../../../kiosk/src/lib/api/api-error.ts';
import {
  canOptOut,
  canResend,
  cleanMapping,
  consentCells,
  filterLog,
  importProgress,
  ledgerGroup,
  pageOf,
  redeemableOfError,
  reportCounts,
  reportOfError,
  signedPoints,
} from '../../../kiosk/src/desk/modules/crm/crm-customer.ts';

const consents: ConsentsDto = {
  sms: { service: true, marketing: false },
  email: { service: false, marketing: false },
  updatedAt: null,
};

const message = (id: string, status: OutboxMessageDto['status']): DeliveryLogEntryDto => ({
  type: 'message',
  at: `2026-03-0${id}T10:00:00.000Z`,
  message: { id, status } as OutboxMessageDto,
});

describe('customer card helpers', () => {
  it('pages a list the server answers whole, and keeps an offset past the end on the last page', () => {
    const all = Array.from({ length: 23 }, (_, i) => i);
    expect(pageOf(all, 0, 10)).toEqual({
      items: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      total: 23,
      offset: 0,
      limit: 10,
    });
    expect(pageOf(all, 20, 10).items).toEqual([20, 21, 22]);
    // After a filter shrank the list, an old offset lands on the last page rather than an empty one.
    expect(pageOf(all.slice(0, 5), 20, 10)).toMatchObject({ items: [0, 1, 2, 3, 4], offset: 0 });
    expect(pageOf([], 30, 10)).toEqual({ items: [], total: 0, offset: 0, limit: 10 });
  });

  it('reads ledger kinds as earned/redeemed/taken back and signs the points', () => {
    expect(ledgerGroup('earn')).toBe('earned');
    expect(ledgerGroup('redeem')).toBe('redeemed');
    expect(ledgerGroup('reverse')).toBe('reversed');
    expect(ledgerGroup('adjust')).toBe('adjusted');
    expect(ledgerGroup('merge_in')).toBe('merged');
    expect(signedPoints(120)).toBe('+120');
    expect(signedPoints(-40)).toBe('\u221240');
    expect(signedPoints(0)).toBe('0');
  });

  it('lists the four consents and knows when an opt-out would change nothing', () => {
    expect(consentCells(consents)).toEqual([
      { channel: 'sms', purpose: 'service', granted: true },
      { channel: 'sms', purpose: 'marketing', granted: false },
      { channel: 'email', purpose: 'service', granted: false },
      { channel: 'email', purpose: 'marketing', granted: false },
    ]);
    expect(canOptOut(consents, 'sms', 'service')).toBe(true);
    expect(canOptOut(consents, 'sms', 'marketing')).toBe(false);
    expect(canOptOut(consents, 'sms', null)).toBe(true);
    expect(canOptOut(consents, 'email', null)).toBe(false);
  });

  it('offers a resend only for messages whose delivery ended without success', () => {
    expect(canResend('failed')).toBe(true);
    expect(canResend('cancelled')).toBe(true);
    for (const s of ['queued', 'sending', 'sent', 'delivered'] as const) expect(canResend(s)).toBe(false);
  });

  it('filters the delivery log by entry type, and "failed" to failed messages only', () => {
    const log: DeliveryLogEntryDto[] = [
      message('1', 'delivered'),
      message('2', 'failed'),
      {
        type: 'suppressed',
        at: '2026-03-03T00:00:00Z',
        kind: 'car_ready',
        channel: 'sms',
        reason: 'no_consent',
        detail: null,
      },
      {
        type: 'opt_out',
        at: '2026-03-04T00:00:00Z',
        channel: 'sms',
        purpose: null,
        source: 'advisor',
        note: null,
        actor: 'A',
      },
    ];
    expect(filterLog(log, '')).toHaveLength(4);
    expect(filterLog(log, 'message')).toHaveLength(2);
    expect(filterLog(log, 'failed').map((e) => (e.type === 'message' ? e.message.id : ''))).toEqual(['2']);
    expect(filterLog(log, 'suppressed')).toHaveLength(1);
    expect(filterLog(log, 'opt_out')).toHaveLength(1);
    expect(filterLog(log, 'reply')).toEqual([]);
  });

  it('takes the per-row report out of a refused import, and nothing out of other errors', () => {
    const report = [
      {
        row: 3,
        result: 'error',
        name: 'X',
        problems: [{ row: 3, column: 'Phone', field: 'phone', message: 'bad' }],
      },
    ];
    const refused = new ApiError(400, 'validation_failed', 'row 3', 'Phone', {
      row: 3,
      column: 'Phone',
      report,
    });
    expect(reportOfError(refused)).toEqual({ row: 3, column: 'Phone', report });
    expect(reportOfError(new ApiError(400, 'validation_failed', 'mapping.name', 'mapping.name'))).toBeNull();
    expect(reportOfError(new ApiError(409, 'conflict', 'applied'))).toBeNull();
    expect(reportOfError(new Error('x'))).toBeNull();
  });

  it('reads the redeemable points from a 409 over the cap', () => {
    expect(
      redeemableOfError(new ApiError(409, 'conflict', 'cap', 'points', { balance: 500, redeemable: 120 })),
    ).toBe(120);
    expect(
      redeemableOfError(new ApiError(409, 'conflict', 'no handler', undefined, { missing: 'x' })),
    ).toBeNull();
    expect(
      redeemableOfError(new ApiError(400, 'validation_failed', 'x', 'points', { redeemable: 1 })),
    ).toBeNull();
  });

  it('moves the progress bar forward through upload, check and import', () => {
    expect(importProgress('choose', 0)).toBe(0);
    expect(importProgress('uploading', 0.5)).toBe(25);
    expect(importProgress('uploading', 7)).toBe(50);
    const steps = ['choose', 'mapping', 'checking', 'checked', 'importing', 'done'] as const;
    const values = steps.map((s) => importProgress(s, 1));
    expect([...values].sort((a, b) => a - b)).toEqual(values);
    expect(importProgress('done', 0)).toBe(100);
  });

  it('drops unmapped fields and counts the report', () => {
    expect(cleanMapping({ name: 'ФИО', phone: '', vin: 'VIN' })).toEqual({ name: 'ФИО', vin: 'VIN' });
    expect(
      reportCounts([
        { row: 2, result: 'create', name: 'a', problems: [] },
        { row: 3, result: 'created', name: 'b', problems: [] },
        { row: 4, result: 'skipped', name: 'c', problems: [] },
        { row: 5, result: 'error', name: 'd', problems: [] },
      ]),
    ).toEqual({ ok: 2, skipped: 1, errors: 1 });
  });
});
