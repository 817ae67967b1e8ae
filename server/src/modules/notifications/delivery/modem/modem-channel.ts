import { SerialPort } from 'serialport';
import type { Logger } from '../../../../platform/logger.ts';
import { decodePdu, encodeSubmit } from '../../rules/pdu.ts';
import {
  ChannelError,
  type Channel,
  type ChannelHooks,
  type ChannelState,
  type ChannelStatus,
  type OutgoingMessage,
  type SendResult,
} from '../channel.ts';
import { AtError, AtSession, type Unsolicited } from './at-session.ts';
import { classifyModemError } from './modem-errors.ts';

export interface ModemConfig {
  port: string | null;
  baudRate: number;
  pin: string | null;
  smsc: string | null;
  deliveryReports: boolean;
}

/** How long a refusal by the network ("out of credit") stops the queue before the next try. */
const REFUSAL_PAUSE_MS = 5 * 60_000;

const DETAIL: Partial<Record<ChannelState, string>> = {
  not_configured: 'Set the serial port of the GSM modem (e.g. /dev/ttyUSB0)',
  not_responding: 'The modem does not answer AT commands: check the cable and the port',
  no_sim: 'No SIM card in the modem',
  sim_pin: 'The SIM card asks for its PIN: set it in the settings',
  no_network: 'The modem is not registered in a mobile network: check the antenna and the SIM',
};

/**
 * SMS through a GSM modem on a serial port (the `serialport` package), in PDU mode so Cyrillic
 * (UCS-2) and long messages (concatenated parts) go out as they should. The port is opened on first
 * use and again after it went away; the modem's state (unplugged, no SIM, PIN, no network, refused
 * by the network) is the channel's status, and while it is not ready the queue waits. Delivery
 * reports (+CDS) and replies (+CMTI) are handed to the hooks.
 */
export class ModemChannel implements Channel {
  readonly provider = 'modem';
  private port: SerialPort | null = null;
  private session: AtSession | null = null;
  private connecting: Promise<void> | null = null;
  private state: ChannelState = 'not_responding';
  private detail = 'Not connected yet';
  private signalDbm: number | null = null;
  private operator: string | null = null;
  private lastError: string | null = null;
  private refusedUntil = 0;
  private concatReference = Math.floor(Math.random() * 256);
  private closing = false;

  constructor(
    private readonly config: ModemConfig,
    private readonly hooks: ChannelHooks,
    private readonly logger: Logger,
  ) {}

  private setState(state: ChannelState, detail?: string): void {
    if (state !== this.state) this.logger.info({ state, detail }, 'GSM modem state');
    this.state = state;
    this.detail = detail ?? DETAIL[state] ?? state;
  }

  private open(): Promise<SerialPort> {
    return new Promise((resolve, reject) => {
      const port = new SerialPort({
        path: this.config.port!,
        baudRate: this.config.baudRate,
        autoOpen: false,
      });
      port.open((err) => (err ? reject(err) : resolve(port)));
    });
  }

  private async connect(): Promise<void> {
    if (!this.config.port) {
      this.setState('not_configured');
      return;
    }
    let port: SerialPort;
    try {
      port = await this.open();
    } catch (err) {
      const message = (err as Error).message;
      if (/ENOENT|No such file|cannot open/i.test(message))
        this.setState('unplugged', `The modem is not connected at ${this.config.port}`);
      else if (/EACCES|Permission denied/i.test(message))
        this.setState(
          'error',
          `No permission to open ${this.config.port}: add the service user to the dialout group`,
        );
      else this.setState('unplugged', `Cannot open ${this.config.port}: ${message}`);
      return;
    }
    const session = new AtSession(
      (data) => port.write(data),
      (event) =>
        void this.unsolicited(event).catch((err: unknown) =>
          this.logger.error({ err }, 'modem notice failed'),
        ),
    );
    port.on('data', (chunk: Buffer) => session.feed(chunk));
    port.on('error', (err) => this.logger.warn({ err }, 'GSM modem port error'));
    port.on('close', () => {
      session.close(new Error('the modem port closed'));
      if (this.session === session) {
        this.session = null;
        this.port = null;
        if (!this.closing) this.setState('unplugged', `The modem at ${this.config.port} was disconnected`);
      }
    });
    this.port = port;
    this.session = session;
    try {
      await this.initialise(session);
    } catch (err) {
      if (err instanceof AtError && err.timedOut) this.setState('not_responding');
      else this.setState('error', `The modem refused its set-up: ${(err as Error).message}`);
    }
  }

  private async initialise(session: AtSession): Promise<void> {
    let alive = false;
    for (let i = 0; i < 3 && !alive; i++) {
      alive = await session.run('AT', 2_000).then(
        () => true,
        (err: unknown) => {
          if (err instanceof AtError && err.timedOut) return false;
          throw err;
        },
      );
    }
    if (!alive) {
      this.setState('not_responding');
      return;
    }
    await session.run('ATE0');
    await session.run('AT+CMEE=1').catch(() => undefined);
    if (!(await this.checkSim(session))) return;
    await session.run('AT+CMGF=0');
    await session
      .run(this.config.deliveryReports ? 'AT+CNMI=2,1,0,1,0' : 'AT+CNMI=2,1,0,0,0')
      .catch((err: unknown) =>
        this.logger.warn({ err }, 'the modem does not take AT+CNMI: no reports or replies'),
      );
    if (this.config.smsc) await session.run(`AT+CSCA="${this.config.smsc}"`);
    await this.refreshNetwork(session);
  }

  private async checkSim(session: AtSession): Promise<boolean> {
    let lines: string[];
    try {
      lines = await session.run('AT+CPIN?');
    } catch (err) {
      if (err instanceof AtError && !err.timedOut) {
        const classified = classifyModemError(err);
        this.setState(classified.state ?? 'no_sim', classified.message);
        return false;
      }
      throw err;
    }
    const answer =
      lines
        .find((l) => l.startsWith('+CPIN:'))
        ?.slice(6)
        .trim() ?? '';
    if (answer === 'READY') return true;
    if (answer === 'SIM PIN' && this.config.pin) {
      try {
        await session.run(`AT+CPIN="${this.config.pin}"`, 10_000);
        return this.checkSim(session);
      } catch {
        this.setState('sim_pin', 'The SIM card refused the PIN in the settings');
        return false;
      }
    }
    this.setState(
      'sim_pin',
      answer.includes('PUK') ? 'The SIM card is locked: it asks for its PUK' : DETAIL.sim_pin,
    );
    return false;
  }

  private async refreshNetwork(session: AtSession): Promise<void> {
    const creg = (await session.run('AT+CREG?')).find((l) => l.startsWith('+CREG:'));
    const stat = Number(creg?.split(',')[1] ?? NaN);
    const csq = (await session.run('AT+CSQ').catch(() => [])).find((l) => l.startsWith('+CSQ:'));
    const rssi = Number(csq?.slice(5).split(',')[0]?.trim() ?? NaN);
    this.signalDbm = Number.isFinite(rssi) && rssi !== 99 ? -113 + 2 * rssi : null;
    const cops = (await session.run('AT+COPS?').catch(() => [])).find((l) => l.startsWith('+COPS:'));
    this.operator = cops ? (/"([^"]*)"/.exec(cops)?.[1] ?? null) : null;
    if (stat === 1 || stat === 5) {
      if (Date.now() < this.refusedUntil) return;
      this.setState(
        'ready',
        `Registered${stat === 5 ? ' (roaming)' : ''}${this.operator ? ` on ${this.operator}` : ''}`,
      );
    } else {
      this.setState('no_network', stat === 2 ? 'The modem is searching for a network' : DETAIL.no_network);
    }
  }

  /** Opens and sets up the modem when needed, then re-reads the network; the state says the outcome. */
  private async ensure(): Promise<void> {
    if (this.closing) return;
    if (!this.session) {
      this.connecting ??= this.connect().finally(() => (this.connecting = null));
      await this.connecting;
      return;
    }
    if (this.state === 'ready' || this.state === 'no_network' || this.state === 'out_of_credit') {
      try {
        await this.refreshNetwork(this.session);
        if (this.state === 'out_of_credit' && Date.now() >= this.refusedUntil) this.setState('ready');
      } catch (err) {
        if (err instanceof AtError && err.timedOut) this.setState('not_responding');
      }
    } else {
      // A SIM inserted or a PIN entered since: set the modem up again.
      this.session.close(new Error('reconnecting'));
      this.session = null;
      await new Promise<void>((resolve) =>
        this.port?.isOpen ? this.port.close(() => resolve()) : resolve(),
      );
      this.port = null;
      await this.ensure();
    }
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    await this.ensure();
    if (this.state !== 'ready' || !this.session)
      throw new ChannelError('unavailable', this.detail, this.state);
    this.concatReference = (this.concatReference + 1) % 256;
    let parts;
    try {
      parts = encodeSubmit({
        to: message.recipient,
        text: message.body,
        requestStatusReport: this.config.deliveryReports,
        concatReference: this.concatReference,
      });
    } catch (err) {
      throw new ChannelError('permanent', `The message cannot be encoded: ${(err as Error).message}`);
    }
    const references: string[] = [];
    try {
      for (const part of parts) {
        const lines = await this.session.runWithPrompt(`AT+CMGS=${part.tpduLength}`, part.hex);
        const reference = /\+CMGS:\s*(\d+)/.exec(lines.join('\n'))?.[1];
        references.push(reference ?? '');
      }
    } catch (err) {
      if (!(err instanceof AtError))
        throw new ChannelError('unavailable', (err as Error).message, 'unplugged');
      const classified = classifyModemError(err);
      this.lastError = classified.message;
      if (classified.state === 'out_of_credit') this.refusedUntil = Date.now() + REFUSAL_PAUSE_MS;
      if (classified.kind === 'unavailable') this.setState(classified.state ?? 'error', classified.message);
      throw classified;
    }
    this.lastError = null;
    this.refusedUntil = 0;
    return { providerId: references.join(','), references: references.filter(Boolean) };
  }

  private async unsolicited(event: Unsolicited): Promise<void> {
    if (event.type === 'cds') {
      const pdu = decodePdu(event.pdu);
      if (pdu.type !== 'status-report') return;
      this.hooks.onReport({
        provider: this.provider,
        reference: String(pdu.reference),
        recipient: pdu.recipient,
        outcome: pdu.outcome,
        statusCode: pdu.status,
        detail: `status report 0x${pdu.status.toString(16).padStart(2, '0')}`,
      });
      return;
    }
    if (event.type === 'cmt') {
      this.inbound(event.pdu);
      return;
    }
    const session = this.session;
    if (!session) return;
    const lines = await session.run(`AT+CMGR=${event.index}`);
    const pduLine = lines.find((l) => /^[0-9A-Fa-f]+$/.test(l));
    if (pduLine) this.inbound(pduLine);
    await session.run(`AT+CMGD=${event.index}`).catch(() => undefined);
  }

  private inbound(hex: string): void {
    const pdu = decodePdu(hex);
    if (pdu.type !== 'deliver') return;
    this.hooks.onInbound({ source: 'modem', from: pdu.from, text: pdu.text, receivedAt: pdu.sentAt });
  }

  async status(): Promise<ChannelStatus> {
    await this.ensure().catch((err: unknown) => this.logger.warn({ err }, 'modem status check failed'));
    return {
      channel: 'sms',
      provider: this.provider,
      state: this.state,
      detail: this.detail,
      checkedAt: new Date().toISOString(),
      signalDbm: this.signalDbm,
      operator: this.operator,
      lastError: this.lastError,
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.connecting?.catch(() => undefined);
    this.session?.close(new Error('the channel is closing'));
    this.session = null;
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
