import type { Clock } from '../../server/src/platform/clock.ts';

/** A clock tests move by hand; it follows real time until `set` or `advance` is first called. */
export class TestClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  set(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }
}
