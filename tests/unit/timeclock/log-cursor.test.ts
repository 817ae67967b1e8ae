import { describe, expect, it } from 'vitest';
import { LogCursor } from '../../../server/src/modules/timeclock/live/log-cursor.ts';

/** Which labour-log ids the service has taken, and which ids below the highest it must ask for again. */

const T0 = 1_000_000;
const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);
/** A cursor that has read the log's rows 1..n (no gaps). */
function startedAt(n: number): LogCursor {
  const cursor = new LogCursor(1000, 5);
  cursor.took(
    Array.from({ length: n }, (_, i) => i + 1),
    T0,
  );
  return cursor;
}

describe('LogCursor', () => {
  it('starts at nothing: reads everything, asks for no gaps', () => {
    const cursor = new LogCursor(1000, 5);
    expect(cursor.after).toBe(0);
    expect(cursor.missing(T0)).toEqual([]);
  });

  it('ids below the first one taken are gaps too: on an empty log a transaction may still hold id 1', () => {
    const cursor = new LogCursor(1000, 5);
    cursor.took([3, 2], T0);
    expect(cursor.after).toBe(3);
    expect(cursor.missing(T0)).toEqual([1]);
    cursor.took([1], T0);
    expect(cursor.missing(T0)).toEqual([]);
    // Far from 1, only the nearest maxGaps ids are asked for.
    const late = new LogCursor(1000, 5);
    late.took([42, 40, 41], T0);
    expect(sorted(late.missing(T0))).toEqual([35, 36, 37, 38, 39]);
  });

  it('a log read from its first row on leaves no gaps, nor do consecutive ids afterwards', () => {
    const cursor = startedAt(42);
    expect(cursor.after).toBe(42);
    expect(cursor.missing(T0)).toEqual([]);
    cursor.took([43], T0);
    cursor.took([44, 45], T0);
    expect(cursor.after).toBe(45);
    expect(cursor.missing(T0)).toEqual([]);
  });

  it('an empty took() changes nothing', () => {
    const cursor = new LogCursor(1000, 5);
    cursor.took([], T0);
    expect(cursor.after).toBe(0);
    cursor.took([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], T0);
    cursor.took([], T0);
    expect(cursor.after).toBe(10);
    expect(cursor.missing(T0)).toEqual([]);
  });

  it('ids taken out of order leave gaps that missing() reports until they are taken', () => {
    const cursor = startedAt(10);
    // 11 and 12 are held by transactions still open; 13 committed first.
    cursor.took([13], T0);
    expect(cursor.after).toBe(13);
    expect(sorted(cursor.missing(T0))).toEqual([11, 12]);
    // 15 and 17 in one read: 14 and 16 are missing too.
    cursor.took([17, 15], T0 + 10);
    expect(cursor.after).toBe(17);
    expect(sorted(cursor.missing(T0 + 10))).toEqual([11, 12, 14, 16]);
    // A gap id read back disappears; the highest id does not move back.
    cursor.took([12], T0 + 20);
    expect(cursor.after).toBe(17);
    expect(sorted(cursor.missing(T0 + 20))).toEqual([11, 14, 16]);
    cursor.took([16, 11, 14], T0 + 30);
    expect(cursor.missing(T0 + 30)).toEqual([]);
    expect(cursor.after).toBe(17);
  });

  it('taking an id twice, or an id below the start, creates no gap', () => {
    const cursor = startedAt(20);
    cursor.took([20], T0);
    cursor.took([5], T0);
    expect(cursor.after).toBe(20);
    expect(cursor.missing(T0)).toEqual([]);
  });

  it('gaps a read and the own write of the service both close: copied ids are taken like read ones', () => {
    const cursor = startedAt(2);
    // The service wrote 5 and 6 itself (copied()), a read then sees 7: 3 and 4 are still missing.
    cursor.took([5, 6], T0);
    cursor.took([7], T0);
    expect(sorted(cursor.missing(T0))).toEqual([3, 4]);
  });

  it('drops gaps older than maxGapAgeMs (no transaction can still hold them)', () => {
    const cursor = startedAt(1);
    cursor.took([3], T0); // 2 missed at T0
    cursor.took([5], T0 + 600); // 4 missed at T0 + 600
    expect(sorted(cursor.missing(T0 + 1000))).toEqual([2, 4]); // exactly maxGapAgeMs: kept
    expect(cursor.missing(T0 + 1001)).toEqual([4]); // 2 is older than maxGapAgeMs
    expect(cursor.missing(T0 + 1600)).toEqual([4]);
    expect(cursor.missing(T0 + 1601)).toEqual([]);
    // Dropped for good: an earlier `now` does not bring it back, and the read position stays.
    expect(cursor.missing(T0)).toEqual([]);
    expect(cursor.after).toBe(5);
    // A dropped gap that shows up after all is still taken without harm.
    cursor.took([2], T0 + 2000);
    expect(cursor.after).toBe(5);
    expect(cursor.missing(T0 + 2000)).toEqual([]);
  });

  it('a huge jump keeps at most maxGaps gap ids, the nearest below the new highest', () => {
    const cursor = startedAt(10);
    cursor.took([1_000_000], T0);
    expect(cursor.after).toBe(1_000_000);
    expect(sorted(cursor.missing(T0))).toEqual([999_995, 999_996, 999_997, 999_998, 999_999]);
  });

  it('a jump of exactly maxGaps + 1 keeps every id between', () => {
    const cursor = startedAt(10);
    cursor.took([16], T0);
    expect(sorted(cursor.missing(T0))).toEqual([11, 12, 13, 14, 15]);
  });

  it('caps the number of gaps at maxGaps, dropping the oldest (lowest) ids first', () => {
    const cursor = startedAt(1);
    cursor.took([3], T0); // gap 2
    cursor.took([5], T0); // gap 4
    cursor.took([7], T0); // gap 6
    cursor.took([9], T0); // gap 8
    cursor.took([11], T0); // gap 10: five gaps, at the cap
    expect(sorted(cursor.missing(T0))).toEqual([2, 4, 6, 8, 10]);
    cursor.took([13], T0); // gap 12: 2 goes
    expect(sorted(cursor.missing(T0))).toEqual([4, 6, 8, 10, 12]);
    cursor.took([17], T0); // gaps 14, 15, 16: 4, 6 and 8 go
    expect(sorted(cursor.missing(T0))).toEqual([10, 12, 14, 15, 16]);
    expect(cursor.after).toBe(17);
  });

  it('caps the gaps of one read taking many scattered ids', () => {
    const cursor = startedAt(100);
    // One read: 102, 104, …, 120 → gaps 101, 103, …, 119 (10 of them) → the 5 highest stay.
    cursor.took(
      Array.from({ length: 10 }, (_, i) => 102 + 2 * i),
      T0,
    );
    expect(cursor.after).toBe(120);
    expect(sorted(cursor.missing(T0))).toEqual([111, 113, 115, 117, 119]);
  });
});
