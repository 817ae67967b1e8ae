import { describe, expect, it } from 'vitest';
import { newTimeOrderedId, newTimeOrderedIds } from '../../../server/src/platform/ids.ts';

describe('time-ordered ids (UUID v7)', () => {
  it('are valid version-7, variant-1 UUIDs carrying the millisecond', () => {
    const at = Date.UTC(2026, 11, 4, 18, 0, 0, 123);
    const id = newTimeOrderedId(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('sort by time, so inserts append to the index', () => {
    const ids = [0, 1, 2, 1000, 86_400_000].map((d) => newTimeOrderedId(1_796_400_000_000 + d));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(Array.from({ length: 1000 }, () => newTimeOrderedId(5))).size).toBe(1000);
  });

  it('come in batches with one call for the randomness, each as valid and distinct as a single one', () => {
    const at = Date.UTC(2026, 11, 4, 18, 0, 0, 456);
    const ids = newTimeOrderedIds(5000, at);
    expect(ids).toHaveLength(5000);
    expect(new Set(ids).size).toBe(5000);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
    }
    expect(newTimeOrderedIds(0)).toEqual([]);
  });
});
