/** A failed AT command: ERROR, +CME ERROR: n, +CMS ERROR: n, or no answer in time. */
export class AtError extends Error {
  constructor(
    public readonly command: string,
    public readonly result: string,
    public readonly cme: number | null = null,
    public readonly cms: number | null = null,
  ) {
    super(`${command} → ${result}`);
    this.name = 'AtError';
  }

  get timedOut(): boolean {
    return this.result === 'timeout';
  }
}

export type Unsolicited =
  | { type: 'cds'; pdu: string }
  | { type: 'cmt'; pdu: string }
  | { type: 'cmti'; storage: string; index: number };

interface Pending {
  command: string;
  lines: string[];
  resolve: (lines: string[]) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
  /** For AT+CMGS: the PDU to write after the "> " prompt (then Ctrl-Z). */
  payload: string | null;
}

function parseError(command: string, line: string): AtError {
  const cme = /^\+CME ERROR:\s*(\d+)/.exec(line);
  const cms = /^\+CMS ERROR:\s*(\d+)/.exec(line);
  return new AtError(command, line, cme ? Number(cme[1]) : null, cms ? Number(cms[1]) : null);
}

/**
 * The AT command conversation with a modem over a byte stream: one command at a time, its
 * information lines collected until the final result (OK or an error), the "> " prompt of AT+CMGS
 * answered with the PDU and Ctrl-Z, and unsolicited result codes (+CDS delivery reports with their
 * PDU line, +CMTI new-message notices, +CMT messages) handed to `onUnsolicited` whenever they come.
 */
export class AtSession {
  private buffer = '';
  private pending: Pending | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private pduFor: 'cds' | 'cmt' | null = null;
  private closed: Error | null = null;

  constructor(
    private readonly write: (data: string) => void,
    private readonly onUnsolicited: (event: Unsolicited) => void,
  ) {}

  /** Runs a command (without the trailing CR); resolves with its information lines. */
  run(command: string, timeoutMs = 5_000): Promise<string[]> {
    return this.enqueue(command, null, timeoutMs);
  }

  /** AT+CMGS=<n>: waits for the prompt, writes the PDU and Ctrl-Z, resolves with the +CMGS line. */
  runWithPrompt(command: string, payload: string, timeoutMs = 60_000): Promise<string[]> {
    return this.enqueue(command, payload, timeoutMs);
  }

  private enqueue(command: string, payload: string | null, timeoutMs: number): Promise<string[]> {
    const next = this.queue.then(() => this.start(command, payload, timeoutMs));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private start(command: string, payload: string | null, timeoutMs: number): Promise<string[]> {
    if (this.closed) return Promise.reject(this.closed);
    return new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.pending?.timer !== timer) return;
        this.pending = null;
        // A modem left waiting for a PDU takes ESC as "cancel".
        if (payload !== null) this.write('\u001b');
        reject(new AtError(command, 'timeout'));
      }, timeoutMs);
      this.pending = { command, lines: [], resolve, reject, timer, payload };
      this.write(`${command}\r`);
    });
  }

  /** Bytes from the serial port. */
  feed(chunk: Buffer | string): void {
    this.buffer += typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    for (;;) {
      const pending = this.pending;
      if (pending?.payload !== null && pending?.payload !== undefined) {
        const trimmed = this.buffer.replace(/^[\r\n]+/, '');
        if (trimmed.startsWith('>')) {
          this.buffer = trimmed.replace(/^> ?/, '');
          const payload = pending.payload;
          pending.payload = null;
          this.write(`${payload}\u001a`);
          continue;
        }
      }
      const end = this.buffer.search(/[\r\n]/);
      if (end === -1) return;
      const line = this.buffer.slice(0, end).trim();
      this.buffer = this.buffer.slice(end + 1);
      if (line) this.line(line);
    }
  }

  private line(line: string): void {
    if (this.pduFor) {
      const type = this.pduFor;
      this.pduFor = null;
      this.onUnsolicited({ type, pdu: line });
      return;
    }
    if (/^\+CDS:\s*\d+$/.test(line)) {
      this.pduFor = 'cds';
      return;
    }
    if (/^\+CMT:/.test(line)) {
      this.pduFor = 'cmt';
      return;
    }
    const cmti = /^\+CMTI:\s*"([^"]*)",\s*(\d+)/.exec(line);
    if (cmti) {
      this.onUnsolicited({ type: 'cmti', storage: cmti[1]!, index: Number(cmti[2]) });
      return;
    }
    const pending = this.pending;
    if (!pending) return; // RING, +CREG: n and other notices nobody asked for
    if (line === pending.command) return; // the echo before ATE0
    if (line === 'OK') {
      this.finish(pending);
      pending.resolve(pending.lines);
    } else if (line === 'ERROR' || /^\+CM[ES] ERROR:/.test(line) || line === 'NO CARRIER') {
      this.finish(pending);
      pending.reject(parseError(pending.command, line));
    } else {
      pending.lines.push(line);
    }
  }

  private finish(pending: Pending): void {
    clearTimeout(pending.timer);
    this.pending = null;
  }

  /** The port went away: the command in flight and every later one fail with `reason`. */
  close(reason: Error): void {
    this.closed = reason;
    const pending = this.pending;
    if (pending) {
      this.finish(pending);
      pending.reject(reason);
    }
  }
}
