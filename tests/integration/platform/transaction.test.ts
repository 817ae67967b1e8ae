import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../../server/src/platform/audit.ts';
import type { DomainEvent } from '../../../server/src/platform/events.ts';
import { inTransaction } from '../../../server/src/platform/transaction.ts';
import { TEST_ACTOR } from '../../support/factories.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
const published: DomainEvent[] = [];
let failNext = false;

beforeAll(async () => {
  station = await startTestStation();
  station.deps.bus.subscribe((e) => void published.push(e));
  station.deps.bus.beforeCommit(async (cx, events) => {
    for (const e of events) {
      if (e.type !== 'test.recorded') continue;
      if (failNext) throw new Error('recorder refused');
      await recordAudit(cx, { action: 'test.recorded', entityType: 'test', entityId: String(e.key) });
    }
  });
});
afterAll(async () => {
  await station?.close();
});

const audited = async (key: string) =>
  (
    await station.deps.sequelize.query(
      'SELECT 1 FROM audit_log WHERE entity_type = :t AND entity_id = :key',
      { replacements: { t: 'test', key }, type: QueryTypes.SELECT },
    )
  ).length;

describe('transactions and domain events', () => {
  it('records emitted events before the commit and publishes them after it', async () => {
    await inTransaction(station.deps, TEST_ACTOR, async (cx) => {
      cx.emit({ type: 'test.recorded', key: 'a' });
      expect(published.some((e) => e.key === 'a')).toBe(false);
    });
    expect(await audited('a')).toBe(1);
    await new Promise((r) => setTimeout(r, 10));
    expect(published.some((e) => e.key === 'a')).toBe(true);
  });

  it('a rolled-back command leaves neither the record nor a published event', async () => {
    await expect(
      inTransaction(station.deps, TEST_ACTOR, async (cx) => {
        cx.emit({ type: 'test.recorded', key: 'b' });
        throw new Error('the command failed');
      }),
    ).rejects.toThrow('the command failed');
    expect(await audited('b')).toBe(0);
    expect(published.some((e) => e.key === 'b')).toBe(false);
  });

  it('a failing recorder rolls the whole command back', async () => {
    failNext = true;
    try {
      await expect(
        inTransaction(station.deps, TEST_ACTOR, async (cx) => {
          await recordAudit(cx, { action: 'test.other', entityType: 'test', entityId: 'c-side' });
          cx.emit({ type: 'test.recorded', key: 'c' });
        }),
      ).rejects.toThrow('recorder refused');
    } finally {
      failNext = false;
    }
    expect(await audited('c-side')).toBe(0);
    expect(published.some((e) => e.key === 'c')).toBe(false);
  });
});
