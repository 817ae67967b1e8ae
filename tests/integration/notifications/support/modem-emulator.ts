import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import path from 'node:path';
import {
  decodePdu,
  encodeDeliver,
  encodeStatusReport,
  type DecodedPdu,
} from '../../../../server/src/modules/notifications/rules/pdu.ts';

export interface ModemBehaviour {
  sim: 'ready' | 'absent' | 'pin';
  network: 'home' | 'roaming' | 'none';
  /** Answer AT+CMGS with this +CMS ERROR instead of sending. */
  cmsError: number | null;
  /** Send a +CDS status report for every part that asked for one. */
  deliveryReports: boolean;
  /** TP-ST of the reports: 0 delivered, 0x46 and up failed. */
  reportStatus: number;
}

export type SubmittedPdu = Extract<DecodedPdu, { type: 'submit' }> & { mr: number; tpduLength: number };

/**
 * A GSM modem speaking AT commands on the master side of a real pseudo-terminal: the station opens
 * the slave (e.g. /dev/pts/3) as it would /dev/ttyUSB0. Echo on until ATE0, PDU mode, AT+CMGS with
 * the "> " prompt and Ctrl-Z, +CMGS message references, +CDS delivery reports, +CMTI for replies.
 */
export class ModemEmulator {
  readonly submitted: SubmittedPdu[] = [];
  readonly commands: string[] = [];
  behaviour: ModemBehaviour = {
    sim: 'ready',
    network: 'home',
    cmsError: null,
    deliveryReports: true,
    reportStatus: 0,
  };
  private buffer = '';
  private echo = true;
  private pdu: { length: number } | null = null;
  private nextMr = 40;
  private readonly stored = new Map<number, string>();

  private constructor(
    private readonly relay: ChildProcessByStdio<Writable, Readable, null>,
    readonly path: string,
  ) {
    relay.stdout.on('data', (chunk: Buffer) => this.receive(chunk.toString('latin1')));
  }

  static start(): Promise<ModemEmulator> {
    const relay = spawn('python3', [path.join(import.meta.dirname, 'pty-relay.py')], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    return new Promise((resolve, reject) => {
      let head = '';
      const onData = (chunk: Buffer) => {
        head += chunk.toString('latin1');
        const end = head.indexOf('\n');
        if (end === -1) return;
        relay.stdout.off('data', onData);
        const emulator = new ModemEmulator(relay, head.slice(0, end).trim());
        if (head.length > end + 1) emulator.receive(head.slice(end + 1));
        resolve(emulator);
      };
      relay.stdout.on('data', onData);
      relay.once('error', reject);
      relay.once('exit', (code) => reject(new Error(`the pty relay exited with ${code}`)));
    });
  }

  private send(text: string): void {
    if (!this.relay.stdin.destroyed) this.relay.stdin.write(Buffer.from(text, 'latin1'));
  }

  private ok(lines: string[] = []): void {
    this.send(`${lines.map((l) => `\r\n${l}`).join('')}\r\n\r\nOK\r\n`.replace(/^\r\n\r\n/, '\r\n'));
  }

  private error(line: string): void {
    this.send(`\r\n${line}\r\n`);
  }

  private receive(text: string): void {
    this.buffer += text;
    for (;;) {
      if (this.pdu) {
        const ctrlZ = this.buffer.indexOf('\u001a');
        const esc = this.buffer.indexOf('\u001b');
        const end = ctrlZ === -1 ? esc : esc === -1 ? ctrlZ : Math.min(ctrlZ, esc);
        if (end === -1) return;
        const hex = this.buffer.slice(0, end).trim();
        const cancelled = this.buffer[end] === '\u001b';
        this.buffer = this.buffer.slice(end + 1);
        const expected = this.pdu.length;
        this.pdu = null;
        if (!cancelled) this.submit(hex, expected);
        continue;
      }
      const end = this.buffer.indexOf('\r');
      if (end === -1) return;
      const line = this.buffer.slice(0, end).replace(/^\n/, '').trim();
      this.buffer = this.buffer.slice(end + 1);
      if (this.echo) this.send(`${line}\r`);
      if (line) this.command(line);
    }
  }

  private command(line: string): void {
    this.commands.push(line);
    const b = this.behaviour;
    const upper = line.toUpperCase();
    if (
      upper === 'AT' ||
      upper === 'AT+CMEE=1' ||
      upper === 'AT+CMGF=0' ||
      upper.startsWith('AT+CNMI=') ||
      upper.startsWith('AT+CSCA=')
    )
      return this.ok();
    if (upper === 'ATE0') {
      this.echo = false;
      return this.ok();
    }
    if (upper === 'AT+CPIN?') {
      if (b.sim === 'absent') return this.error('+CME ERROR: 10');
      return this.ok([`+CPIN: ${b.sim === 'pin' ? 'SIM PIN' : 'READY'}`]);
    }
    if (upper.startsWith('AT+CPIN=')) {
      if (line.includes('"0000"')) {
        b.sim = 'ready';
        return this.ok();
      }
      return this.error('+CME ERROR: 16');
    }
    if (upper === 'AT+CREG?')
      return this.ok([`+CREG: 0,${b.network === 'home' ? 1 : b.network === 'roaming' ? 5 : 2}`]);
    if (upper === 'AT+CSQ') return this.ok([b.network === 'none' ? '+CSQ: 99,99' : '+CSQ: 21,99']);
    if (upper === 'AT+COPS?')
      return this.ok(b.network === 'none' ? ['+COPS: 0'] : ['+COPS: 0,0,"Emulated GSM",7']);
    const cmgs = /^AT\+CMGS=(\d+)$/.exec(upper);
    if (cmgs) {
      if (b.sim !== 'ready') return this.error('+CMS ERROR: 310');
      if (b.network === 'none') return this.error('+CMS ERROR: 331');
      this.pdu = { length: Number(cmgs[1]) };
      return this.send('\r\n> ');
    }
    const cmgr = /^AT\+CMGR=(\d+)$/.exec(upper);
    if (cmgr) {
      const hex = this.stored.get(Number(cmgr[1]));
      if (!hex) return this.error('+CMS ERROR: 321');
      return this.ok([`+CMGR: 0,,${hex.length / 2 - 1}`, hex]);
    }
    const cmgd = /^AT\+CMGD=(\d+)$/.exec(upper);
    if (cmgd) {
      this.stored.delete(Number(cmgd[1]));
      return this.ok();
    }
    this.error('ERROR');
  }

  private submit(hex: string, expectedLength: number): void {
    const b = this.behaviour;
    if (b.cmsError !== null) return this.error(`+CMS ERROR: ${b.cmsError}`);
    const smscOctets = parseInt(hex.slice(0, 2), 16) + 1;
    const tpduLength = hex.length / 2 - smscOctets;
    if (tpduLength !== expectedLength) return this.error('+CMS ERROR: 304');
    let decoded: DecodedPdu;
    try {
      decoded = decodePdu(hex);
    } catch {
      return this.error('+CMS ERROR: 304');
    }
    if (decoded.type !== 'submit') return this.error('+CMS ERROR: 304');
    const mr = this.nextMr++ % 256;
    this.submitted.push({ ...decoded, mr, tpduLength });
    this.ok([`+CMGS: ${mr}`]);
    if (decoded.statusReportRequested && b.deliveryReports) {
      setTimeout(() => {
        const report = encodeStatusReport({
          reference: mr,
          recipient: decoded.to,
          status: b.reportStatus,
          at: new Date(),
        });
        this.send(`\r\n+CDS: ${report.tpduLength}\r\n${report.hex}\r\n`);
      }, 30);
    }
  }

  /** A customer's reply arrives: stored on the "SIM" and announced with +CMTI. */
  injectReply(from: string, text: string): void {
    const index = this.stored.size + 1;
    this.stored.set(index, encodeDeliver({ from, text, at: new Date() }).hex);
    this.send(`\r\n+CMTI: "SM",${index}\r\n`);
  }

  /** Unplugs the modem: the pseudo-terminal goes away. */
  async stop(): Promise<void> {
    if (this.relay.exitCode !== null) return;
    const exited = new Promise((resolve) => this.relay.once('exit', resolve));
    this.relay.kill('SIGTERM');
    await exited;
  }
}
