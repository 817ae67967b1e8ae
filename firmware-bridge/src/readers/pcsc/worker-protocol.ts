import type { FeedbackOutcome } from '../../contract/mqtt-payloads.ts';

/** IPC between the bridge and its PC/SC reader worker (JSON over the fork channel). */
export type ToWorker =
  { type: 'ping'; seq: number } | { type: 'feedback'; outcome: FeedbackOutcome } | { type: 'stop' };

export type WorkerFatalCode = 'module-missing' | 'pcsc-unavailable' | 'crashed';

export type FromWorker =
  | { type: 'pong'; seq: number }
  /** PC/SC is up but no reader matching the configuration is attached. */
  | { type: 'waiting'; readers: string[] }
  | { type: 'ready'; name: string }
  | { type: 'removed'; name: string }
  | { type: 'card'; uid: string; at: string }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; msg: string; data?: Record<string, unknown> }
  /** The worker cannot work and is about to exit; the bridge restarts it later. */
  | { type: 'fatal'; code: WorkerFatalCode; message: string };

/** The environment variable that tells the worker which reader to use. */
export const MATCH_ENV = 'PITWALL_PCSC_MATCH';
