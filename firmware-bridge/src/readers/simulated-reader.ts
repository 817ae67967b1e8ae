import type { FeedbackOutcome } from '../contract/mqtt-payloads.ts';
import type { Logger } from '../logger.ts';
import { BaseCardReader } from './card-reader.ts';
import { normaliseUid } from './card-uid.ts';

/** A reader driven by the console (`tap r1 04A1B2C3D4E501`) or by a test or script through tap(). */
export class SimulatedReader extends BaseCardReader {
  readonly driver = 'simulated' as const;
  /** The last feedback given, for tests and the console. */
  lastSignal: FeedbackOutcome | null = null;

  constructor(
    id: string,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    super(id);
  }

  async start(): Promise<void> {
    this.setOk(true);
  }

  async stop(): Promise<void> {
    this.setOk(false);
  }

  /** Simulates a card on the reader; throws when the UID is not hex. */
  tap(uid: string, at: Date = this.now()): void {
    const normalised = normaliseUid(uid);
    if (!normalised) throw new Error(`"${uid}" is not a card UID (4-16 bytes of hex, e.g. 04A1B2C3D4E501)`);
    if (!this.ok) throw new Error(`reader ${this.id} is not started`);
    this.emit('card', { uid: normalised, at });
  }

  /** Simulates unplugging (false) and plugging (true) the reader. */
  setAttached(attached: boolean): void {
    this.setOk(attached);
  }

  signal(outcome: FeedbackOutcome): void {
    this.lastSignal = outcome;
    this.logger.info({ readerId: this.id, outcome }, outcome === 'accepted' ? 'beep: green' : 'beep: red');
    this.emit('signal', outcome);
  }
}
