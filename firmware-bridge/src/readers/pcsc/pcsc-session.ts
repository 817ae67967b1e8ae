import type { FeedbackOutcome } from '../../contract/mqtt-payloads.ts';
import {
  DETECTION_BEEP_OFF_APDU,
  GET_UID_APDU,
  ledBuzzerApdu,
  supportsAcr122Feedback,
  uidFromResponse,
} from './acr122.ts';
import type { FromWorker } from './worker-protocol.ts';

/** The parts of nfc-pcsc's Reader the worker uses (kept small so tests can fake it). */
export interface NfcReaderLike {
  readonly name: string;
  autoProcessing: boolean;
  card?: unknown;
  connection?: unknown;
  on(event: 'card', listener: (card: { atr?: Buffer }) => void): unknown;
  on(event: 'card.off' | 'end', listener: () => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  transmit(data: Buffer, responseMaxLength: number): Promise<Buffer>;
  control(data: Buffer, responseMaxLength: number): Promise<Buffer>;
  connect(mode?: string): Promise<unknown>;
  disconnect(): Promise<unknown>;
}

export interface NfcLike {
  on(event: 'reader', listener: (reader: NfcReaderLike) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  readonly readers?: Record<string, unknown>;
  close(): void;
}

/** nfc-pcsc's name for SCARD_SHARE_DIRECT (talking to the reader with no card present). */
export const CONNECT_MODE_DIRECT = 'CONNECT_MODE_DIRECT';

/**
 * What the worker does with nfc-pcsc: bind to the first reader whose name contains `match`, read each
 * card's UID with Get Data (so ISO 14443-4 cards work too, without an AID), report plug and unplug,
 * and give accepted/rejected feedback on ACR122U readers. Every failure is reported, none thrown.
 */
export class PcscSession {
  private reader: NfcReaderLike | null = null;
  private readonly seen = new Set<string>();

  constructor(
    nfc: NfcLike,
    private readonly match: string | undefined,
    private readonly send: (message: FromWorker) => void,
    private readonly now: () => Date = () => new Date(),
    /** PC/SC itself is unusable (no pcscd): the worker exits and the bridge restarts it later. */
    private readonly onUnavailable: (message: string) => void = () => undefined,
  ) {
    nfc.on('reader', (reader) => this.onReader(reader));
    nfc.on('error', (err) => {
      if (/EstablishContext|Service not available|8010001D/i.test(err.message))
        this.onUnavailable(`PC/SC is not available (is pcscd running?): ${err.message}`);
      else this.send({ type: 'log', level: 'warn', msg: `PC/SC: ${err.message}` });
    });
  }

  get boundReader(): string | null {
    return this.reader?.name ?? null;
  }

  /** Reports "waiting" when PC/SC is up but the configured reader is not attached. */
  reportWaiting(): void {
    if (!this.reader) this.send({ type: 'waiting', readers: [...this.seen] });
  }

  matches(name: string): boolean {
    return !this.match || name.toLowerCase().includes(this.match.toLowerCase());
  }

  private onReader(reader: NfcReaderLike): void {
    this.seen.add(reader.name);
    if (this.reader || !this.matches(reader.name)) {
      this.send({ type: 'log', level: 'debug', msg: `ignoring PC/SC reader "${reader.name}"` });
      return;
    }
    this.reader = reader;
    reader.autoProcessing = false;
    reader.on('card', () => void this.readUid(reader));
    reader.on('error', (err) =>
      this.send({
        type: 'log',
        level: 'warn',
        msg: `reader error: ${err.message}`,
        data: { reader: reader.name },
      }),
    );
    reader.on('end', () => {
      this.seen.delete(reader.name);
      if (this.reader !== reader) return;
      this.reader = null;
      this.send({ type: 'removed', name: reader.name });
    });
    this.send({ type: 'ready', name: reader.name });
    if (supportsAcr122Feedback(reader.name))
      void this.direct(reader, DETECTION_BEEP_OFF_APDU, 'turning off the beep on card detection');
  }

  private async readUid(reader: NfcReaderLike): Promise<void> {
    const at = this.now();
    try {
      const uid = uidFromResponse(await reader.transmit(GET_UID_APDU, 12));
      if (!uid) {
        this.send({ type: 'log', level: 'warn', msg: 'the card did not give its UID' });
        return;
      }
      this.send({ type: 'card', uid, at: at.toISOString() });
    } catch (err) {
      this.send({
        type: 'log',
        level: 'warn',
        msg: `reading the card UID failed: ${(err as Error).message}`,
      });
    }
  }

  /** Green or red with a beep on ACR122U; other readers have no standard command, so only a log line. */
  async feedback(outcome: FeedbackOutcome): Promise<void> {
    const reader = this.reader;
    if (!reader) return;
    if (!supportsAcr122Feedback(reader.name)) {
      this.send({
        type: 'log',
        level: 'debug',
        msg: `no beep/LED command for "${reader.name}"`,
        data: { outcome },
      });
      return;
    }
    const apdu = ledBuzzerApdu(outcome);
    // With the card still in the field the existing connection carries the pseudo-APDU; without a
    // card it needs a direct connection and pcscd's CCID escape (see deploy/README.md).
    if (reader.card && reader.connection) {
      try {
        await reader.transmit(apdu, 2);
        return;
      } catch {
        // fall back to a direct connection below
      }
    }
    await this.direct(reader, apdu, `feedback ${outcome}`);
  }

  private async direct(reader: NfcReaderLike, apdu: Buffer, what: string): Promise<void> {
    try {
      if (reader.connection) await reader.control(apdu, 2);
      else {
        await reader.connect(CONNECT_MODE_DIRECT);
        try {
          await reader.control(apdu, 2);
        } finally {
          await reader.disconnect().catch(() => undefined);
        }
      }
    } catch (err) {
      this.send({
        type: 'log',
        level: 'debug',
        msg: `${what} not supported by the reader: ${(err as Error).message}`,
      });
    }
  }
}
