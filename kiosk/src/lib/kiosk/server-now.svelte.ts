import { clockSkewMs } from './floor-format.ts';

/**
 * "Now" on the station's clock, ticking every second, for the live ages on the shop-floor screens.
 * A screen whose own clock is off would otherwise show negative or inflated durations.
 */
export class ServerNow {
  now = $state(Date.now());
  private skew = 0;

  /** Takes the server's time from a state it just sent (its `at`). */
  adopt(serverAt: string | null | undefined): void {
    this.skew = clockSkewMs(serverAt, Date.now());
    this.now = Date.now() + this.skew;
  }

  /** Starts ticking; returns the stop function (for `$effect`). */
  start(periodMs = 1_000): () => void {
    const timer = setInterval(() => (this.now = Date.now() + this.skew), periodMs);
    return () => clearInterval(timer);
  }
}
