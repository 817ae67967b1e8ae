import { describe, expect, it } from 'vitest';
import type { FloorStateDto } from '../../../server/src/contracts/labour.ts';
import type { DeltaEvent, RoomName } from '../../../server/src/contracts/realtime.ts';
import {
  FLOOR_COALESCE_MS,
  FLOOR_REST_FACTOR_FLOODED,
  FloorPublisher,
} from '../../../server/src/modules/timeclock/live/floor-publisher.ts';
import { createLogger } from '../../../server/src/platform/logger.ts';

/** When floor pushes go out: at once when idle, coalesced under a stream, resting after long builds. */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const floor = (n: number) =>
  ({ at: new Date(n).toISOString(), lifts: [], mechanics: [] }) as unknown as FloorStateDto;

function rig(buildMs: number) {
  const starts: number[] = [];
  const sent: Array<{ room: RoomName; event: DeltaEvent }> = [];
  let n = 0;
  const publisher = new FloorPublisher(
    async () => {
      starts.push(Date.now());
      await sleep(buildMs);
      return floor(++n);
    },
    () => ({ publish: (room, event) => void sent.push({ room, event }) }),
    createLogger('silent'),
  );
  return { publisher, starts, sent };
}

describe('FloorPublisher', () => {
  it('pushes the first change at once and coalesces the changes made meanwhile into one push', async () => {
    const { publisher, starts, sent } = rig(20);
    const t0 = Date.now();
    publisher.schedule();
    for (let i = 0; i < 10; i++) publisher.schedule();
    await sleep(5);
    publisher.schedule();
    await publisher.settled();
    expect(starts).toHaveLength(2);
    expect(starts[0]! - t0).toBeLessThan(15);
    expect(sent.filter((s) => s.room === 'board')).toHaveLength(2);
    publisher.close();
  });

  it('rests after a push as long as it took, and FLOOR_REST_FACTOR_FLOODED times that while the ingest is flooded', async () => {
    const calm = rig(40);
    calm.publisher.schedule();
    await sleep(5);
    calm.publisher.schedule();
    await calm.publisher.settled();
    expect(calm.starts).toHaveLength(2);
    // The first push took ~40 ms: the next starts no sooner than ~40 ms after it ended.
    expect(calm.starts[1]! - calm.starts[0]!).toBeGreaterThanOrEqual(75);
    calm.publisher.close();

    const flooded = rig(40);
    flooded.publisher.flooded = () => true;
    flooded.publisher.schedule();
    await sleep(5);
    flooded.publisher.schedule();
    await flooded.publisher.settled();
    expect(flooded.starts[1]! - flooded.starts[0]!).toBeGreaterThanOrEqual(
      40 + 40 * FLOOR_REST_FACTOR_FLOODED - 5,
    );
    flooded.publisher.close();
  });

  it('keeps FLOOR_COALESCE_MS between the starts of quick pushes', async () => {
    const { publisher, starts } = rig(0);
    publisher.schedule();
    await sleep(1);
    publisher.schedule();
    await publisher.settled();
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(FLOOR_COALESCE_MS - 2);
    publisher.close();
  });

  it('pushDone() resolves once the running push is out, or the one waiting for its turn', async () => {
    const { publisher, sent } = rig(30);
    const boards = () => sent.filter((s) => s.room === 'board').length;
    publisher.schedule();
    await sleep(5);
    publisher.schedule(); // waits for the running push, then its rest
    expect(publisher.active).toBe(true);
    await publisher.pushDone();
    expect(boards()).toBe(1);
    expect(publisher.active).toBe(true); // the second one waits for its turn
    await publisher.pushDone();
    expect(boards()).toBe(2);
    expect(publisher.active).toBe(false);
    publisher.close();
  });
});
