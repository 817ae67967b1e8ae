import type { FeedbackOutcome } from '../contract/mqtt-payloads.ts';
import { TypedEmitter } from '../typed-emitter.ts';

export interface CardTap {
  /** Upper-case hex, in the order the reader reports it. */
  uid: string;
  at: Date;
}

export interface CardReaderEvents {
  /** A card was read. Debouncing is the controller's job, not the reader's. */
  card: [CardTap];
  /** The reader is attached and reading (ok: true). */
  ready: [];
  /** The reader is gone or cannot be used (ok: false). */
  removed: [];
  error: [Error];
  /** A beep/LED for the server's answer was given (or logged, where the reader has none). */
  signal: [FeedbackOutcome];
}

/** A badge reader at the lift. */
export interface CardReader {
  readonly id: string;
  readonly driver: 'simulated' | 'pcsc';
  /** True while the reader is attached and reading; reported in the bridge's status. */
  readonly ok: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Green (accepted) or red (rejected) beep/LED; best effort, never throws. */
  signal(outcome: FeedbackOutcome): void;
  on<K extends keyof CardReaderEvents & string>(
    event: K,
    listener: (...args: CardReaderEvents[K]) => void,
  ): this;
  off<K extends keyof CardReaderEvents & string>(
    event: K,
    listener: (...args: CardReaderEvents[K]) => void,
  ): this;
}

/** Keeps `ok` and turns its changes into `ready` / `removed`. */
export abstract class BaseCardReader extends TypedEmitter<CardReaderEvents> implements CardReader {
  abstract readonly driver: 'simulated' | 'pcsc';
  private okNow = false;

  constructor(readonly id: string) {
    super();
  }

  get ok(): boolean {
    return this.okNow;
  }

  protected setOk(ok: boolean): void {
    if (ok === this.okNow) return;
    this.okNow = ok;
    this.emit(ok ? 'ready' : 'removed');
  }

  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
  abstract signal(outcome: FeedbackOutcome): void;
}
