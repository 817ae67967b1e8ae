import { describe, expect, it } from 'vitest';
import { GroupCommitter } from '../../../server/src/modules/iot/ingest/group-commit.ts';

/** Many callers, few flushes; each caller's promise settles after the flush that carried its item. */

function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe('GroupCommitter', () => {
  it('flushes what queued during a flush together, and counts queued and in-flight items as pending', async () => {
    const flushes: number[][] = [];
    const gates = [gate(), gate(), gate()];
    const committer = new GroupCommitter<number, string>(
      async (items) => {
        const n = flushes.push(items);
        await gates[n - 1]!.opened;
        return items.map((i) => `ok ${i}`);
      },
      1000,
      1,
    );
    const first = committer.submit(1);
    await Promise.resolve();
    const rest = [2, 3, 4].map((i) => committer.submit(i));
    expect(committer.pending()).toBe(4); // one in the running flush, three queued
    gates[0]!.open();
    expect(await first).toBe('ok 1');
    await Promise.resolve();
    expect(committer.pending()).toBe(3); // the three now in the second flush
    gates[1]!.open();
    expect(await Promise.all(rest)).toEqual(['ok 2', 'ok 3', 'ok 4']);
    expect(flushes).toEqual([[1], [2, 3, 4]]);
    expect(committer.pending()).toBe(0);
    await committer.close();
    await expect(committer.submit(5)).rejects.toThrow('closed');
  });

  it('rejects every caller of a failed flush and goes on with the next', async () => {
    let calls = 0;
    const committer = new GroupCommitter<number, number>(async (items) => {
      calls += 1;
      if (calls === 1) throw new Error('database away');
      return items;
    });
    const failed = [committer.submit(1), committer.submit(2)];
    await expect(Promise.all(failed)).rejects.toThrow('database away');
    await Promise.allSettled(failed);
    expect(await committer.submit(3)).toBe(3);
    expect(committer.pending()).toBe(0);
  });
});
