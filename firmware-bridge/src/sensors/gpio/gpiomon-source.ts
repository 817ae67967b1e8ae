import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Backoff } from '../../backoff.ts';
import type { GpioBias } from '../../config/config-schema.ts';
import {
  gpiogetArgs,
  gpiomonArgs,
  parseGpiodVersion,
  parseGpiogetOutput,
  parseGpiomonLine,
  type GpiodMajor,
} from './gpiod-tools.ts';
import { LevelSource } from './level-source.ts';

export interface GpiomonOptions {
  chip: string;
  line: number;
  bias: GpioBias;
  gpiomon?: string;
  gpioget?: string;
  backoff?: Backoff;
  now?: () => Date;
}

/**
 * Edges from libgpiod's `gpiomon` running as a child process (the kernel's character device, no
 * native addon in the bridge). The level at start comes from `gpioget`. When gpiomon exits it is
 * started again with backoff; the input is reported down meanwhile.
 */
export class GpiomonSource extends LevelSource {
  private child: ChildProcess | null = null;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private major: GpiodMajor | null = null;
  private readonly backoff: Backoff;
  private readonly now: () => Date;

  constructor(private readonly options: GpiomonOptions) {
    super();
    this.backoff = options.backoff ?? new Backoff(1_000, 30_000);
    this.now = options.now ?? (() => new Date());
  }

  private get gpiomon(): string {
    return this.options.gpiomon ?? 'gpiomon';
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.run();
  }

  private async run(): Promise<void> {
    this.timer = null;
    if (this.stopped) return;
    try {
      this.major ??= await this.detectVersion();
      const { chip, line, bias } = this.options;
      const initial = parseGpiogetOutput(
        await run(this.options.gpioget ?? 'gpioget', gpiogetArgs(this.major, chip, line, bias)),
      );
      if (initial === null) throw new Error('gpioget printed no level');
      this.spawnMonitor(this.major, initial);
    } catch (err) {
      this.emit('down', (err as Error).message);
      this.retry();
    }
  }

  private async detectVersion(): Promise<GpiodMajor> {
    const output = await run(this.gpiomon, ['--version']);
    const major = parseGpiodVersion(output);
    if (!major) throw new Error(`cannot tell the libgpiod version from "${output.split('\n')[0]}"`);
    return major;
  }

  private spawnMonitor(major: GpiodMajor, initial: 0 | 1): void {
    const { chip, line, bias } = this.options;
    const args = gpiomonArgs(major, chip, line, bias);
    // libgpiod 2 has no --line-buffered; stdbuf keeps its output from sitting in a pipe buffer.
    const viaStdbuf = major === 2 && existsSync('/usr/bin/stdbuf');
    const child = viaStdbuf
      ? spawn('/usr/bin/stdbuf', ['-oL', this.gpiomon, ...args])
      : spawn(this.gpiomon, args);
    this.child = child;
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-500);
    });
    let announced = false;
    child.once('spawn', () => {
      announced = true;
      this.emit('up', initial, this.now());
    });
    createInterface({ input: child.stdout! }).on('line', (text) => {
      const level = parseGpiomonLine(major, text, line);
      if (level !== null) {
        this.backoff.reset();
        this.emit('level', level, this.now());
      }
    });
    child.on('error', (err) => {
      if (!announced) stderr = err.message;
    });
    child.on('close', (code, signal) => {
      if (this.child !== child) return;
      this.child = null;
      if (this.stopped) return;
      this.emit(
        'down',
        `gpiomon exited (${signal ?? code})${stderr.trim() ? `: ${stderr.trim().split('\n').at(-1)}` : ''}`,
      );
      this.retry();
    });
  }

  private retry(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.run(), this.backoff.next());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null) {
      const closed = new Promise((resolve) => child.once('close', resolve));
      child.kill('SIGTERM');
      await closed;
    }
  }
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 5_000 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT')
        return reject(new Error(`${command} not found (install the Debian package gpiod)`));
      reject(new Error(`${command} ${args.join(' ')} failed: ${stderr.trim() || err.message}`));
    });
  });
}
