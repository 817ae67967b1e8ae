import { readFile } from 'node:fs/promises';
import { writeFileDurably } from './durable-fs.ts';

/**
 * Hands out event ids that are strictly increasing forever, across restarts and power cuts. Ids are
 * reserved in blocks: the end of the block is written durably (fsync) before any id of it is used,
 * and a restart continues after the last reserved block, so an id is never issued twice. A gap of
 * at most one block per restart is the price.
 *
 * A fresh data directory starts at the current Unix time in milliseconds rather than at 1: a board
 * whose storage was wiped or replaced keeps issuing ids above the ones it used before (that needs
 * fewer than 1000 events per second on average, and a set clock), so the server never mistakes its
 * new events for duplicates of old ones.
 */
export class EventIdReservation {
  private constructor(
    private readonly path: string,
    private readonly blockSize: number,
    private nextId: number,
    private reservedThrough: number,
  ) {}

  static async open(
    path: string,
    options: { blockSize?: number; highestUsed?: number; now?: () => number } = {},
  ): Promise<EventIdReservation> {
    const blockSize = options.blockSize ?? 1_000;
    const stored = await readReserved(path);
    const highestUsed = Math.max(stored ?? 0, options.highestUsed ?? 0);
    const fresh = stored === null && highestUsed === 0;
    const next = fresh ? Math.max(1, Math.floor((options.now ?? Date.now)())) : highestUsed + 1;
    return new EventIdReservation(path, blockSize, next, next - 1);
  }

  /** The first of `count` consecutive new ids; reserves (durably) a new block first when needed. */
  async take(count: number): Promise<number> {
    const first = this.nextId;
    const last = first + count - 1;
    if (last > this.reservedThrough) {
      const through = last + this.blockSize;
      await writeFileDurably(this.path, `${JSON.stringify({ reservedThrough: through })}\n`);
      this.reservedThrough = through;
    }
    this.nextId = last + 1;
    return first;
  }

  /** The id the next event will get (for status and tests). */
  peek(): number {
    return this.nextId;
  }
}

async function readReserved(path: string): Promise<number | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const value = (JSON.parse(text) as { reservedThrough?: unknown }).reservedThrough;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  } catch {
    // fall through to the error below
  }
  throw new Error(
    `${path} is damaged (expected {"reservedThrough": N}). The bridge will not guess an event id; ` +
      'write a number above the highest eventId this bridge has ever sent into it and start again.',
  );
}
