import net from 'node:net';
import { AmiCallTracker, AmiStreamParser, type AmiEvent, type PbxCallReport } from './ami-parser.ts';

export interface AmiClientOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  /** The PBX's time zone for CDR times (the station's). */
  timezone: string;
  onCall(report: PbxCallReport): void | Promise<void>;
  onError?(err: Error): void;
  /** Reconnect delays grow from this to 30 s (default 1 s). */
  retryMs?: number;
  now?: () => Date;
}

/**
 * A TCP client of the Asterisk Manager Interface: logs in, turns the event stream into calls with
 * AmiCallTracker and hands each report to `onCall`; reconnects with a growing delay after a lost
 * connection or a refused login. `stop()` closes it for good.
 */
export class AmiClient {
  private socket: net.Socket | null = null;
  private stopped = false;
  private delay: number;
  private timer: NodeJS.Timeout | null = null;
  private loggedIn = false;

  constructor(private readonly options: AmiClientOptions) {
    this.delay = options.retryMs ?? 1000;
  }

  start(): void {
    this.connect();
  }

  isLoggedIn(): boolean {
    return this.loggedIn;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const socket = this.socket;
    if (!socket || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end('Action: Logoff\r\n\r\n');
      setTimeout(() => socket.destroy(), 500).unref();
    });
  }

  private connect(): void {
    const parser = new AmiStreamParser();
    const tracker = new AmiCallTracker({ timezone: this.options.timezone });
    const socket = net.connect({ host: this.options.host, port: this.options.port });
    this.socket = socket;
    socket.setEncoding('utf8');
    socket.setKeepAlive(true, 30_000);
    socket.on('connect', () => {
      socket.write(
        `Action: Login\r\nActionID: pitwall-login\r\nUsername: ${this.options.username}\r\nSecret: ${this.options.secret}\r\nEvents: call,cdr\r\n\r\n`,
      );
    });
    socket.on('data', (chunk: string) => {
      for (const event of parser.push(chunk)) void this.handle(event, tracker, socket);
    });
    socket.on('error', (err) => this.options.onError?.(err));
    socket.on('close', () => {
      this.loggedIn = false;
      if (this.stopped) return;
      this.timer = setTimeout(() => this.connect(), this.delay);
      this.delay = Math.min(this.delay * 2, 30_000);
    });
  }

  private async handle(event: AmiEvent, tracker: AmiCallTracker, socket: net.Socket): Promise<void> {
    if (event.ActionID === 'pitwall-login') {
      if (event.Response === 'Success') {
        this.loggedIn = true;
        this.delay = this.options.retryMs ?? 1000;
      } else {
        this.options.onError?.(new Error(`AMI login refused: ${event.Message ?? 'no reason given'}`));
        socket.destroy();
      }
      return;
    }
    for (const report of tracker.feed(event, this.options.now?.() ?? new Date())) {
      try {
        await this.options.onCall(report);
      } catch (err) {
        this.options.onError?.(err as Error);
      }
    }
  }
}
