import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LevelSource, type Level } from './level-source.ts';

export interface SysfsOptions {
  /** The global GPIO number (on recent kernels the chip's base + the offset, e.g. 512 + 17). */
  gpio: number;
  root?: string;
  pollMs?: number;
  now?: () => Date;
}

/**
 * The legacy sysfs interface (/sys/class/gpio), polled: for kernels or images without libgpiod's
 * tools. Exports the GPIO as an input if needed, then reads its value every pollMs.
 */
export class SysfsSource extends LevelSource {
  private timer: NodeJS.Timeout | null = null;
  private last: Level | null = null;
  private reading = false;
  private readonly root: string;
  private readonly now: () => Date;

  constructor(private readonly options: SysfsOptions) {
    super();
    this.root = options.root ?? '/sys/class/gpio';
    this.now = options.now ?? (() => new Date());
  }

  private get dir(): string {
    return join(this.root, `gpio${this.options.gpio}`);
  }

  async start(): Promise<void> {
    await this.export().catch((err: Error) => this.emit('down', err.message));
    await this.poll();
    this.timer = setInterval(() => void this.poll(), this.options.pollMs ?? 50);
  }

  private async export(): Promise<void> {
    const exists = await access(this.dir).then(
      () => true,
      () => false,
    );
    if (!exists) await writeFile(join(this.root, 'export'), String(this.options.gpio));
    await writeFile(join(this.dir, 'direction'), 'in').catch(() => undefined);
  }

  private async poll(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      const text = (await readFile(join(this.dir, 'value'), 'utf8')).trim();
      const level: Level | null = text === '1' ? 1 : text === '0' ? 0 : null;
      if (level === null) throw new Error(`unexpected value "${text}"`);
      if (this.last === null) this.emit('up', level, this.now());
      else if (level !== this.last) this.emit('level', level, this.now());
      this.last = level;
    } catch (err) {
      if (this.last !== null)
        this.emit('down', `reading ${this.dir}/value failed: ${(err as Error).message}`);
      this.last = null;
    } finally {
      this.reading = false;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
