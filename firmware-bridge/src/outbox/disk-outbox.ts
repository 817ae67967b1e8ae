import { mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logger.ts';
import { TypedEmitter } from '../typed-emitter.ts';
import { fsyncDirectory, writeFully } from './durable-fs.ts';
import { EventIdReservation } from './event-id-reservation.ts';
import {
  encodeAck,
  encodeEvent,
  maxEventId,
  pendingEvents,
  scanJournal,
  type EventDraft,
  type StoredEvent,
} from './journal-records.ts';

export const JOURNAL_FILE = 'outbox.jsonl';
export const EVENT_ID_FILE = 'event-id.json';

export class OutboxFullError extends Error {
  constructor(
    readonly pending: number,
    readonly bytes: number,
  ) {
    super(
      `the outbox is full (${pending} events, ${bytes} bytes waiting for the server); the event is refused`,
    );
    this.name = 'OutboxFullError';
  }
}

export interface OutboxOptions {
  dir: string;
  maxEvents: number;
  maxBytes: number;
  logger: Logger;
  /** Event ids reserved per durable write of the high-water mark. */
  idBlockSize?: number;
  /** Rewrite the journal without acknowledged events once it is this big and mostly acknowledged. */
  compactAtBytes?: number;
  now?: () => number;
}

export interface OutboxEvents {
  /** A new event is on disk (fsync done) and may be sent. */
  stored: [StoredEvent];
  /** The outbox filled (new events are refused) or has room again. */
  full: [boolean];
}

interface QueuedAppend {
  draft: EventDraft;
  /** An upper bound of the line's bytes, counted against maxBytes while queued. */
  estimate: number;
  line?: string;
  event?: StoredEvent;
  resolve(event: StoredEvent): void;
  reject(err: Error): void;
}

/**
 * The bridge's disk outbox: an append-only journal holding every event until the broker's PUBACK.
 *
 * - append(): the event gets the next id and is written and fsync'd before the promise resolves.
 *   Appends that arrive while a write is in progress are written together with one fsync (group
 *   commit), so a burst costs one fsync, not one per event, and no caller is told "stored" early.
 * - ack(): an acknowledgement line is appended. It is not fsync'd on its own (the next event's fsync
 *   carries it): losing it to a power cut only means the event is sent once more, which the server
 *   de-duplicates.
 * - Bounded: when maxEvents or maxBytes of unacknowledged events are held, new events are refused
 *   (OutboxFullError) and the bridge says so (red beep, status flag, log). Events already held are
 *   never dropped: they are facts the station has not recorded yet.
 * - Compaction: once the journal is large and mostly acknowledged, the unacknowledged events are
 *   written to a new file (fsync) which atomically replaces the journal.
 */
export class DiskOutbox extends TypedEmitter<OutboxEvents> {
  private readonly pendingById = new Map<number, { event: StoredEvent; bytes: number }>();
  private pendingBytesTotal = 0;
  private queue: QueuedAppend[] = [];
  private queuedBytes = 0;
  /** Appends taken from the queue and being written now: still counted against maxEvents. */
  private writingCount = 0;
  private ackQueue: number[] = [];
  private writing: Promise<void> | null = null;
  private fileBytes = 0;
  private full = false;
  private warnedNearlyFull = false;
  private closed = false;

  private constructor(
    private readonly options: OutboxOptions,
    private handle: FileHandle,
    private readonly ids: EventIdReservation,
  ) {
    super();
  }

  static async open(options: OutboxOptions): Promise<DiskOutbox> {
    await mkdir(options.dir, { recursive: true, mode: 0o700 });
    const journalPath = join(options.dir, JOURNAL_FILE);
    const content = await readFile(journalPath).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return Buffer.alloc(0);
      throw err;
    });
    const scan = scanJournal(content);
    const log = options.logger.child({ component: 'outbox' });
    if (scan.tornBytes > 0)
      log.warn({ bytes: scan.tornBytes }, 'outbox journal ends in a torn write (power cut?); cutting it off');
    if (scan.corruptLines > 0)
      log.error({ lines: scan.corruptLines }, 'outbox journal has damaged lines; they are skipped');

    const ids = await EventIdReservation.open(join(options.dir, EVENT_ID_FILE), {
      blockSize: options.idBlockSize,
      highestUsed: maxEventId(scan.records),
      now: options.now,
    });
    const handle = await open(journalPath, 'a+', 0o600);
    if (scan.tornBytes > 0) {
      await handle.truncate(scan.validBytes);
      await handle.sync();
    }
    const outbox = new DiskOutbox(options, handle, ids);
    outbox.fileBytes = scan.validBytes;
    for (const event of pendingEvents(scan.records))
      outbox.hold(event, Buffer.byteLength(encodeEvent(event)));
    outbox.updateFullness();
    await outbox.compactIfWorthwhile();
    if (outbox.pendingById.size > 0)
      log.info(
        { pending: outbox.pendingById.size },
        'outbox holds events not yet acknowledged; they are sent on connect',
      );
    return outbox;
  }

  /** Stores an event durably and returns it with its id; rejects with OutboxFullError when full. */
  append(draft: EventDraft): Promise<StoredEvent> {
    if (this.closed) return Promise.reject(new Error('the outbox is closed'));
    // Upper bound of the line: the id has at most 16 digits.
    const estimate = Buffer.byteLength(encodeEvent({ ...draft, eventId: 1 })) + 15;
    const count = this.pendingById.size + this.queue.length + this.writingCount;
    if (
      count + 1 > this.options.maxEvents ||
      this.pendingBytesTotal + this.queuedBytes + estimate > this.options.maxBytes
    ) {
      this.setFull(true);
      return Promise.reject(new OutboxFullError(count, this.pendingBytesTotal + this.queuedBytes));
    }
    this.queuedBytes += estimate;
    return new Promise<StoredEvent>((resolve, reject) => {
      this.queue.push({ draft, estimate, resolve, reject });
      this.kick();
    });
  }

  /** The broker acknowledged this event: it leaves the outbox. Unknown ids (already acked) are ignored. */
  ack(eventId: number): void {
    const entry = this.pendingById.get(eventId);
    if (!entry) return;
    this.pendingById.delete(eventId);
    this.pendingBytesTotal -= entry.bytes;
    this.ackQueue.push(eventId);
    this.updateFullness();
    this.kick();
  }

  /** Unacknowledged events, in eventId order. */
  pending(): StoredEvent[] {
    // Map keeps insertion order, and events are inserted in id order.
    return [...this.pendingById.values()].map((entry) => entry.event);
  }

  isPending(eventId: number): boolean {
    return this.pendingById.has(eventId);
  }

  get pendingCount(): number {
    return this.pendingById.size;
  }

  get pendingBytes(): number {
    return this.pendingBytesTotal;
  }

  get journalBytes(): number {
    return this.fileBytes;
  }

  get isFull(): boolean {
    return this.full;
  }

  /** The id the next stored event will get. */
  nextEventId(): number {
    return this.ids.peek();
  }

  /** Resolves once everything appended or acknowledged so far is written. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flush();
    await this.handle.sync().catch(() => undefined);
    await this.handle.close();
  }

  private hold(event: StoredEvent, bytes: number): void {
    this.pendingById.set(event.eventId, { event, bytes });
    this.pendingBytesTotal += bytes;
  }

  private kick(): void {
    if (this.writing) return;
    this.writing = this.writeLoop().finally(() => {
      this.writing = null;
    });
  }

  private async writeLoop(): Promise<void> {
    while (this.queue.length > 0 || this.ackQueue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      const acks = this.ackQueue;
      this.ackQueue = [];
      this.writingCount = batch.length;
      try {
        await this.writeBatch(batch, acks);
      } catch (err) {
        this.releaseQueued(batch);
        this.options.logger.error(
          { err, component: 'outbox' },
          'writing the outbox journal failed; the events are refused',
        );
        for (const item of batch) item.reject(err as Error);
      }
      await this.compactIfWorthwhile().catch((err: unknown) =>
        this.options.logger.error(
          { err, component: 'outbox' },
          'outbox compaction failed; will try again later',
        ),
      );
    }
  }

  private async writeBatch(batch: QueuedAppend[], acks: number[]): Promise<void> {
    let text = acks.length ? encodeAck(acks) : '';
    if (batch.length) {
      const first = await this.ids.take(batch.length);
      batch.forEach((item, index) => {
        item.event = { ...item.draft, eventId: first + index } as StoredEvent;
        item.line = encodeEvent(item.event);
        text += item.line;
      });
    }
    const buffer = Buffer.from(text);
    try {
      await writeFully(this.handle, buffer);
      // Only events need to be durable before anyone is told; a lost ack line costs one resend.
      if (batch.length) await this.handle.datasync();
    } catch (err) {
      // Never leave half a line for the next append to glue onto.
      await this.handle.truncate(this.fileBytes).catch(() => undefined);
      throw err;
    }
    this.fileBytes += buffer.length;
    this.releaseQueued(batch);
    for (const item of batch) {
      this.hold(item.event!, Buffer.byteLength(item.line!));
      item.resolve(item.event!);
      this.emit('stored', item.event!);
    }
    this.updateFullness();
  }

  private releaseQueued(batch: QueuedAppend[]): void {
    for (const item of batch) this.queuedBytes -= item.estimate;
    this.writingCount = 0;
  }

  private async compactIfWorthwhile(): Promise<void> {
    const threshold = this.options.compactAtBytes ?? 1024 * 1024;
    if (this.fileBytes < threshold || this.fileBytes < 2 * this.pendingBytesTotal) return;
    if (this.queue.length > 0) return; // let the appends go first; compact when it is quiet
    const path = join(this.options.dir, JOURNAL_FILE);
    const temporary = `${path}.compact`;
    const buffer = Buffer.from(this.pending().map(encodeEvent).join(''));
    // Acks not yet written refer to events left out of the new file; acks that arrive from now on
    // are kept and written to the new file.
    this.ackQueue = [];
    const out = await open(temporary, 'w', 0o600);
    try {
      await writeFully(out, buffer);
      await out.sync();
    } finally {
      await out.close();
    }
    await rename(temporary, path);
    await fsyncDirectory(this.options.dir);
    const previous = this.handle;
    this.handle = await open(path, 'a+', 0o600);
    await previous.close();
    const before = this.fileBytes;
    this.fileBytes = buffer.length;
    this.options.logger.debug(
      { component: 'outbox', before, after: buffer.length },
      'outbox journal compacted',
    );
  }

  private updateFullness(): void {
    const { maxEvents, maxBytes } = this.options;
    const count = this.pendingById.size + this.queue.length + this.writingCount;
    const bytes = this.pendingBytesTotal + this.queuedBytes;
    const fill = Math.max(count / maxEvents, bytes / maxBytes);
    if (fill >= 0.8 && !this.warnedNearlyFull) {
      this.warnedNearlyFull = true;
      this.options.logger.warn(
        { component: 'outbox', pending: count, bytes, maxEvents, maxBytes },
        'the outbox is 80% full: the server has not acknowledged events for a while',
      );
    } else if (fill < 0.5) this.warnedNearlyFull = false;
    if (this.full && fill < 0.95) this.setFull(false);
  }

  private setFull(full: boolean): void {
    if (this.full === full) return;
    this.full = full;
    const log = this.options.logger.child({ component: 'outbox' });
    if (full) {
      log.error(
        {
          pending: this.pendingById.size,
          bytes: this.pendingBytesTotal,
          maxEvents: this.options.maxEvents,
          maxBytes: this.options.maxBytes,
        },
        'the outbox is FULL: new taps and sensor changes are refused until the server acknowledges the backlog',
      );
    } else log.warn({ pending: this.pendingById.size }, 'the outbox has room again');
    this.emit('full', full);
  }
}
