export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Reports a new value only once the input has held it for `ms` (contact bounce and a flickering
 * light barrier give nothing). The time reported is that of the first edge of the new value.
 */
export class StableDebouncer<T> {
  private stable: T | undefined;
  private candidate: T | undefined;
  private candidateAt: Date | null = null;
  private timer: unknown = null;

  constructor(
    private readonly ms: number,
    private readonly onStable: (value: T, at: Date) => void,
    private readonly timers: Timers = realTimers,
  ) {}

  get value(): T | undefined {
    return this.stable;
  }

  /** The known value without reporting it (the initial reading). */
  seed(value: T): void {
    this.cancel();
    this.stable = value;
  }

  input(value: T, at: Date): void {
    if (this.candidate === value && this.timer !== null) return; // still settling on this value
    this.cancel();
    if (value === this.stable) return; // a glitch that came back before settling
    this.candidate = value;
    this.candidateAt = at;
    if (this.ms === 0) return this.settle();
    this.timer = this.timers.setTimeout(() => this.settle(), this.ms);
  }

  dispose(): void {
    this.cancel();
  }

  private settle(): void {
    this.timer = null;
    const value = this.candidate as T;
    const at = this.candidateAt!;
    this.candidate = undefined;
    this.candidateAt = null;
    this.stable = value;
    this.onStable(value, at);
  }

  private cancel(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.candidate = undefined;
    this.candidateAt = null;
  }
}
