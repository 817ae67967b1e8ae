import { describe, expect, it } from 'vitest';
import { Backoff } from '../../../firmware-bridge/src/backoff.ts';
import { CardDebouncer } from '../../../firmware-bridge/src/readers/card-debounce.ts';
import { StableDebouncer, type Timers } from '../../../firmware-bridge/src/sensors/stable-debounce.ts';

/** Timers driven by hand. */
class ManualTimers implements Timers {
  private now = 0;
  private pending = new Map<number, { at: number; fn: () => void }>();
  private next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, timer] of [...this.pending].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at <= this.now) {
        this.pending.delete(id);
        timer.fn();
      }
    }
  }
}

describe('card debounce', () => {
  it('reads the same card on the same reader once within the window', () => {
    const debounce = new CardDebouncer(1_500);
    expect(debounce.accept('r1', 'AA11BB22', 0)).toBe(true);
    expect(debounce.accept('r1', 'AA11BB22', 1_499)).toBe(false);
    expect(debounce.accept('r1', 'AA11BB22', 3_000)).toBe(true);
  });

  it('passes another card, and the same card on another reader, at once', () => {
    const debounce = new CardDebouncer(1_500);
    expect(debounce.accept('r1', 'AA11BB22', 0)).toBe(true);
    expect(debounce.accept('r2', 'AA11BB22', 10)).toBe(true);
    expect(debounce.accept('r1', 'CC33DD44', 20)).toBe(true);
    expect(debounce.accept('r1', 'AA11BB22', 30)).toBe(true); // A, B, A: the mechanic came back
  });

  it('does not suppress when the clock went backwards', () => {
    const debounce = new CardDebouncer(1_500);
    debounce.accept('r1', 'AA11BB22', 10_000);
    expect(debounce.accept('r1', 'AA11BB22', 5_000)).toBe(true);
  });

  it('with a zero window reads every time', () => {
    const debounce = new CardDebouncer(0);
    expect(debounce.accept('r1', 'AA11BB22', 0)).toBe(true);
    expect(debounce.accept('r1', 'AA11BB22', 0)).toBe(true);
  });
});

describe('sensor debounce (stable for N ms)', () => {
  const setup = (ms = 300) => {
    const timers = new ManualTimers();
    const reported: [string, number][] = [];
    const debounce = new StableDebouncer<string>(
      ms,
      (value, at) => reported.push([value, at.getTime()]),
      timers,
    );
    debounce.seed('lowered');
    return { timers, reported, debounce };
  };

  it('reports a change once it held for the debounce time, with the time of its first edge', () => {
    const { timers, reported, debounce } = setup();
    debounce.input('raised', new Date(1_000));
    timers.advance(299);
    expect(reported).toEqual([]);
    timers.advance(1);
    expect(reported).toEqual([['raised', 1_000]]);
    expect(debounce.value).toBe('raised');
  });

  it('ignores bounce that returns to the stable value', () => {
    const { timers, reported, debounce } = setup();
    debounce.input('raised', new Date(1_000));
    timers.advance(100);
    debounce.input('lowered', new Date(1_100));
    timers.advance(1_000);
    expect(reported).toEqual([]);
  });

  it('keeps the first edge time while the input repeats the candidate', () => {
    const { timers, reported, debounce } = setup();
    debounce.input('raised', new Date(1_000));
    timers.advance(100);
    debounce.input('raised', new Date(1_100));
    timers.advance(200);
    expect(reported).toEqual([['raised', 1_000]]);
  });

  it('restarts the wait on every bounce and reports the last stable value', () => {
    const { timers, reported, debounce } = setup();
    debounce.input('raised', new Date(1_000));
    timers.advance(100);
    debounce.input('lowered', new Date(1_100));
    debounce.input('raised', new Date(1_150));
    timers.advance(299);
    expect(reported).toEqual([]);
    timers.advance(1);
    expect(reported).toEqual([['raised', 1_150]]);
  });

  it('reports at once with a zero debounce, and nothing after dispose', () => {
    const zero = setup(0);
    zero.debounce.input('raised', new Date(5));
    expect(zero.reported).toEqual([['raised', 5]]);
    const { timers, reported, debounce } = setup();
    debounce.input('raised', new Date(1));
    debounce.dispose();
    timers.advance(1_000);
    expect(reported).toEqual([]);
  });
});

describe('backoff', () => {
  it('doubles up to the ceiling and starts over after reset', () => {
    const backoff = new Backoff(1_000, 5_000);
    expect([backoff.next(), backoff.next(), backoff.next(), backoff.next(), backoff.next()]).toEqual([
      1_000, 2_000, 4_000, 5_000, 5_000,
    ]);
    backoff.reset();
    expect(backoff.next()).toBe(1_000);
  });
});
