import { describe, expect, it } from 'vitest';
import { newTimeOrderedId } from '../../../server/src/platform/ids.ts';

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
});
