/**
 * The PC/SC worker: a child process of the bridge (child_process.fork). The ONLY module that loads
 * nfc-pcsc, the native optional dependency: a missing pcscd, a missing addon or a hung reader can
 * stall or crash this process, never the bridge, which restarts it with backoff.
 */
import { PcscSession, type NfcLike } from './pcsc-session.ts';
import { MATCH_ENV, type FromWorker, type ToWorker, type WorkerFatalCode } from './worker-protocol.ts';

const send = (message: FromWorker): void => {
  if (process.connected) process.send!(message);
};

/** Reports why the worker cannot work, then exits once the message has left. */
function fail(code: WorkerFatalCode, message: string, exitCode: number): void {
  if (!process.connected) process.exit(exitCode);
  process.send!({ type: 'fatal', code, message } satisfies FromWorker, () => process.exit(exitCode));
}

async function loadNfc(): Promise<new () => NfcLike> {
  // A variable specifier: no bundler or type checker follows it, and nothing else imports it.
  const moduleName = 'nfc-pcsc';
  const loaded = (await import(moduleName)) as {
    NFC?: new () => NfcLike;
    default?: { NFC?: new () => NfcLike };
  };
  const NFC = loaded.NFC ?? loaded.default?.NFC;
  if (!NFC) throw new Error('nfc-pcsc does not export NFC');
  return NFC;
}

async function main(): Promise<void> {
  let NFC: new () => NfcLike;
  try {
    NFC = await loadNfc();
  } catch (err) {
    const first = (err as Error).message.split('\n')[0];
    return fail(
      'module-missing',
      `nfc-pcsc cannot be loaded (${first}). Install libpcsclite-dev and pcscd, then npm install in firmware-bridge.`,
      3,
    );
  }
  let nfc: NfcLike;
  try {
    nfc = new NFC();
  } catch (err) {
    return fail(
      'pcsc-unavailable',
      `PC/SC is not available (is pcscd running?): ${(err as Error).message}`,
      4,
    );
  }
  const session = new PcscSession(nfc, process.env[MATCH_ENV] || undefined, send, undefined, (message) =>
    fail('pcsc-unavailable', message, 4),
  );
  // Readers already attached are announced by nfc-pcsc within a moment; say "waiting" if ours is not.
  setTimeout(() => session.reportWaiting(), 1_500);
  process.on('message', (raw) => {
    const message = raw as ToWorker;
    if (message.type === 'ping') send({ type: 'pong', seq: message.seq });
    else if (message.type === 'feedback') void session.feedback(message.outcome);
    else if (message.type === 'stop') {
      try {
        nfc.close();
      } finally {
        process.exit(0);
      }
    }
  });
}

// The bridge is gone: so is its worker.
process.on('disconnect', () => process.exit(0));
process.on('uncaughtException', (err) => fail('crashed', err.message, 5));
void main();
