import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBridgeLogger } from '../../../firmware-bridge/src/logger.ts';
import {
  DiskOutbox,
  EVENT_ID_FILE,
  JOURNAL_FILE,
  OutboxFullError,
  type OutboxOptions,
} from '../../../firmware-bridge/src/outbox/disk-outbox.ts';
import type { EventDraft } from '../../../firmware-bridge/src/outbox/journal-records.ts';
import { tempDir, uid } from './support/bridge-fixtures.ts';

const logger = createBridgeLogger('silent');
const tap = (n: number): EventDraft => ({
  kind: 'badge',
  readerId: 'r1',
  uid: uid(n),
  at: new Date(1_700_000_000_000 + n).toISOString(),
});

describe('DiskOutbox (real files)', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const opened: DiskOutbox[] = [];
  const open = async (options: Partial<OutboxOptions> = {}) => {
    const outbox = await DiskOutbox.open({
      dir: dir.path,
      maxEvents: 1_000,
      maxBytes: 1024 * 1024,
      logger,
      now: () => 1,
      ...options,
    });
    opened.push(outbox);
    return outbox;
  };
  const journal = () => join(dir.path, JOURNAL_FILE);

  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    for (const outbox of opened.splice(0)) await outbox.close();
    await dir.remove();
  });

  it('appends durably with strictly increasing ids, concurrent appends sharing a write', async () => {
    const outbox = await open();
    const stored = await Promise.all(Array.from({ length: 50 }, (_, i) => outbox.append(tap(i))));
    expect(stored.map((e) => e.eventId)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(stored[3]).toMatchObject({ kind: 'badge', readerId: 'r1', uid: uid(3), eventId: 4 });
    expect(outbox.pendingCount).toBe(50);
    const lines = (await readFile(journal(), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(50);
    expect(JSON.parse(lines[0]!)).toEqual({
      e: 1,
      k: 'badge',
      d: { readerId: 'r1', uid: uid(0), at: tap(0).at },
    });
  });

  it('replays unacknowledged events in eventId order after a reopen', async () => {
    const first = await open();
    for (let n = 1; n <= 6; n += 1) await first.append(tap(n));
    first.ack(2);
    first.ack(5);
    await first.close();
    opened.pop();
    const second = await open();
    expect(second.pending().map((e) => e.eventId)).toEqual([1, 3, 4, 6]);
    expect(second.pending().map((e) => (e.kind === 'badge' ? e.uid : ''))).toEqual([
      uid(1),
      uid(3),
      uid(4),
      uid(6),
    ]);
  });

  it('tolerates a torn last line (power cut mid-write) and cuts it off', async () => {
    const first = await open();
    await first.append(tap(1));
    await first.append(tap(2));
    await first.close();
    opened.pop();
    await appendFile(journal(), '{"e":3,"k":"badge","d":{"readerId":"r1","ui');
    const second = await open();
    expect(second.pending().map((e) => e.eventId)).toEqual([1, 2]);
    const stored = await second.append(tap(4));
    expect(stored.eventId).toBeGreaterThan(2);
    const lines = (await readFile(journal(), 'utf8')).trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { e: number }).e)).toEqual([1, 2, stored.eventId]);
  });

  it('tolerates a tail of zero bytes (file grown, data not written)', async () => {
    const first = await open();
    await first.append(tap(1));
    await first.close();
    opened.pop();
    await appendFile(journal(), Buffer.alloc(300));
    const second = await open();
    expect(second.pending().map((e) => e.eventId)).toEqual([1]);
    expect((await stat(journal())).size).toBe(
      Buffer.byteLength(`${(await readFile(journal(), 'utf8')).split('\n')[0]}\n`),
    );
  });

  it('never reuses an event id across restarts, even when everything was acknowledged and compacted', async () => {
    const first = await open({ idBlockSize: 10, compactAtBytes: 1 });
    const a = await first.append(tap(1));
    const b = await first.append(tap(2));
    first.ack(a.eventId);
    first.ack(b.eventId);
    await first.flush();
    await first.close();
    opened.pop();
    expect((await readFile(journal(), 'utf8')).trim()).toBe('');
    const second = await open({ idBlockSize: 10 });
    const c = await second.append(tap(3));
    expect(c.eventId).toBeGreaterThan(b.eventId);
    expect(JSON.parse(await readFile(join(dir.path, EVENT_ID_FILE), 'utf8'))).toEqual({
      reservedThrough: expect.any(Number),
    });
  });

  it('reserves ids in blocks: a crash loses at most the rest of a block, never goes back', async () => {
    const first = await open({ idBlockSize: 100 });
    const a = await first.append(tap(1));
    // Simulate a crash: no close, the handle is dropped.
    opened.pop();
    const second = await open({ idBlockSize: 100 });
    const b = await second.append(tap(2));
    expect(b.eventId).toBeGreaterThan(a.eventId);
    expect(b.eventId - a.eventId).toBeLessThanOrEqual(101);
    expect(second.pending().map((e) => e.eventId)).toEqual([a.eventId, b.eventId]);
  });

  it('starts a fresh data directory at the clock, above the ids of a wiped one', async () => {
    const outbox = await open({ now: () => 1_795_000_000_000 });
    expect((await outbox.append(tap(1))).eventId).toBe(1_795_000_000_000);
  });

  it('refuses a damaged id file instead of guessing', async () => {
    await writeFile(join(dir.path, EVENT_ID_FILE), 'garbage');
    await expect(open()).rejects.toThrow(/damaged/);
  });

  it('compacts the journal once it is mostly acknowledged, keeping pending events', async () => {
    const outbox = await open({ compactAtBytes: 4 * 1024 });
    const stored = [];
    for (let n = 1; n <= 200; n += 1) stored.push(await outbox.append(tap(n)));
    for (const event of stored.slice(0, 190)) outbox.ack(event.eventId);
    await outbox.flush();
    await outbox.append(tap(201));
    await outbox.flush();
    const size = (await stat(journal())).size;
    expect(size).toBeLessThan(4 * 1024);
    await outbox.close();
    opened.pop();
    const reopened = await open();
    expect(reopened.pending().map((e) => e.eventId)).toEqual([
      ...stored.slice(190).map((e) => e.eventId),
      201,
    ]);
  });

  it('is bounded: refuses new events when full, keeps the old ones, has room again after acks', async () => {
    const outbox = await open({ maxEvents: 10 });
    const fullEvents: boolean[] = [];
    outbox.on('full', (full) => fullEvents.push(full));
    const stored = [];
    for (let n = 1; n <= 10; n += 1) stored.push(await outbox.append(tap(n)));
    await expect(outbox.append(tap(11))).rejects.toBeInstanceOf(OutboxFullError);
    expect(outbox.isFull).toBe(true);
    expect(outbox.pendingCount).toBe(10);
    outbox.ack(stored[0]!.eventId);
    expect(outbox.isFull).toBe(false);
    await expect(outbox.append(tap(12))).resolves.toMatchObject({ uid: uid(12) });
    expect(fullEvents).toEqual([true, false]);
  });

  it('counts bytes against maxBytes too', async () => {
    const outbox = await open({ maxBytes: 64 * 1024, maxEvents: 1_000_000 });
    let refused = 0;
    for (let n = 0; n < 1_000 && refused === 0; n += 1) {
      await outbox.append(tap(n)).catch((err: unknown) => {
        expect(err).toBeInstanceOf(OutboxFullError);
        refused += 1;
      });
    }
    expect(refused).toBe(1);
    expect(outbox.pendingBytes).toBeLessThanOrEqual(64 * 1024);
    expect(outbox.pendingBytes).toBeGreaterThan(60 * 1024);
  });

  it('emits stored only after the event is written', async () => {
    const outbox = await open();
    const seen: number[] = [];
    outbox.on('stored', (event) => seen.push(event.eventId));
    const event = await outbox.append(tap(1));
    expect(seen).toEqual([event.eventId]);
    expect(await readFile(journal(), 'utf8')).toContain(`"e":${event.eventId}`);
  });
});
