import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Backoff } from '../../backoff.ts';
import type { FeedbackOutcome } from '../../contract/mqtt-payloads.ts';
import type { Logger } from '../../logger.ts';
import { BaseCardReader } from '../card-reader.ts';
import { normaliseUid } from '../card-uid.ts';
import { typescriptExecArgv } from './fork-typescript.ts';
import { MATCH_ENV, type FromWorker, type ToWorker, type WorkerFatalCode } from './worker-protocol.ts';

export const DEFAULT_WORKER = fileURLToPath(new URL('./pcsc-worker.ts', import.meta.url));

export interface PcscReaderOptions {
  id: string;
  /** A case-insensitive part of the PC/SC reader name; none = the first reader. */
  match?: string;
  logger: Logger;
  /** The worker entry point (tests give a fake one; the real one loads nfc-pcsc). */
  workerPath?: string;
  pingIntervalMs?: number;
  /** No pong for this long: the worker is hung and is killed. */
  pingTimeoutMs?: number;
  backoff?: Backoff;
  /** Retry delay when nfc-pcsc is not installed (it will not appear by itself soon). */
  missingModuleRetryMs?: number;
}

/**
 * A PC/SC reader (ACR122U, ACR1252U, …) served by a worker process that owns nfc-pcsc. The bridge's
 * event loop never touches PC/SC: a hung reader or a missing pcscd only costs a worker restart.
 * The worker is restarted with exponential backoff when it exits, and killed when it stops
 * answering pings. `ok` follows the reader: plugged in and bound → true.
 */
export class PcscReader extends BaseCardReader {
  readonly driver = 'pcsc' as const;
  private child: ChildProcess | null = null;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private lastPong = 0;
  private pingSeq = 0;
  private lastFatal: WorkerFatalCode | null = null;
  private lastFatalMessage = '';
  /** The current worker has said something (it got past loading nfc-pcsc and opening PC/SC). */
  private heardFromWorker = false;
  private readonly backoff: Backoff;
  private readonly log: Logger;
  private exited: Promise<void> = Promise.resolve();

  constructor(private readonly options: PcscReaderOptions) {
    super(options.id);
    this.backoff = options.backoff ?? new Backoff(1_000, 30_000);
    this.log = options.logger.child({ component: 'pcsc', readerId: options.id });
  }

  /** Restarts so far (for status and tests). */
  starts = 0;

  async start(): Promise<void> {
    this.stopping = false;
    this.spawn();
  }

  private spawn(): void {
    this.restartTimer = null;
    if (this.stopping) return;
    const workerPath = this.options.workerPath ?? DEFAULT_WORKER;
    const env: NodeJS.ProcessEnv = { ...process.env };
    if (this.options.match) env[MATCH_ENV] = this.options.match;
    else delete env[MATCH_ENV];
    const child = fork(workerPath, [], {
      execArgv: typescriptExecArgv(workerPath),
      env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    this.child = child;
    this.starts += 1;
    this.lastPong = Date.now();
    this.heardFromWorker = false;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.on('message', (message) => this.onMessage(message as FromWorker));
    child.on('error', (err) => this.log.warn({ err: err.message }, 'reader worker process error'));
    child.on('exit', (code, signal) => this.onExit(child, code, signal));
    const interval = this.options.pingIntervalMs ?? 5_000;
    const timeout = this.options.pingTimeoutMs ?? 15_000;
    this.pingTimer = setInterval(() => {
      if (Date.now() - this.lastPong > timeout) {
        // nfc-pcsc blocks inside its constructor when pcscd is not running: the usual cause of a
        // worker that never says a word.
        const why = this.heardFromWorker
          ? 'reader worker stopped answering (hung reader?); killing it'
          : 'PC/SC did not answer while the reader worker started (is pcscd running? systemctl status pcscd); killing it';
        this.log.warn({ silentMs: Date.now() - this.lastPong }, why);
        child.kill('SIGKILL');
        return;
      }
      this.sendToWorker({ type: 'ping', seq: ++this.pingSeq });
    }, interval);
  }

  private onMessage(message: FromWorker): void {
    this.heardFromWorker = true;
    switch (message.type) {
      case 'pong':
        this.lastPong = Date.now();
        return;
      case 'ready':
        this.lastFatal = null;
        this.backoff.reset();
        this.log.info({ reader: message.name }, 'reader ready');
        this.setOk(true);
        return;
      case 'waiting':
        this.log.warn(
          { match: this.options.match ?? '(any)', attached: message.readers },
          'no matching PC/SC reader attached; waiting for one',
        );
        this.setOk(false);
        return;
      case 'removed':
        this.log.warn({ reader: message.name }, 'reader unplugged');
        this.setOk(false);
        return;
      case 'card': {
        const uid = normaliseUid(message.uid);
        const at = new Date(message.at);
        if (!uid || Number.isNaN(at.getTime())) {
          this.log.warn({ uid: message.uid }, 'ignoring an unreadable card UID');
          return;
        }
        this.emit('card', { uid, at });
        return;
      }
      case 'log':
        this.log[message.level]({ ...message.data }, message.msg);
        return;
      case 'fatal':
        this.lastFatal = message.code;
        if (message.message !== this.lastFatalMessage)
          this.log.error({ code: message.code }, message.message);
        else this.log.debug({ code: message.code }, message.message);
        this.lastFatalMessage = message.message;
        this.emit('error', new Error(message.message));
        return;
    }
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = null;
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    this.setOk(false);
    if (this.stopping) return;
    const delay =
      this.lastFatal === 'module-missing'
        ? (this.options.missingModuleRetryMs ?? 60_000)
        : this.backoff.next();
    this.log[this.lastFatal ? 'debug' : 'warn'](
      { code, signal, restartInMs: delay },
      'reader worker exited; restarting',
    );
    this.restartTimer = setTimeout(() => this.spawn(), delay);
  }

  private sendToWorker(message: ToWorker): void {
    const child = this.child;
    if (child?.connected)
      child.send(message, (err) => err && this.log.debug({ err: err.message }, 'IPC send failed'));
  }

  signal(outcome: FeedbackOutcome): void {
    this.sendToWorker({ type: 'feedback', outcome });
    this.emit('signal', outcome);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    if (!child) return;
    this.sendToWorker({ type: 'stop' });
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 2_000);
    await this.exited;
    clearTimeout(killTimer);
  }
}
