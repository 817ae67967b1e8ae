import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { GpioSensorConfig } from '../../config/config-schema.ts';
import type { Logger } from '../../logger.ts';
import { BaseSensor, stateFor, type SensorState } from '../sensor.ts';
import { StableDebouncer } from '../stable-debounce.ts';
import { GpiomonSource } from './gpiomon-source.ts';
import type { Level, LevelSource } from './level-source.ts';
import { SysfsSource } from './sysfs-source.ts';

export interface GpioTools {
  gpiomon?: string;
  gpioget?: string;
  sysfsRoot?: string;
  pollMs?: number;
}

/**
 * A lift or bay sensor on a GPIO input (a limit switch, a light barrier, an induction loop relay):
 * active = raised / occupied (activeLow inverts). Debounced; its first reading is reported with
 * `initial: true` so the controller can skip a state the server already has.
 */
export class GpioSensor extends BaseSensor {
  readonly driver = 'gpio' as const;
  private source: LevelSource | null = null;
  private readonly debouncer: StableDebouncer<SensorState>;
  private readonly log: Logger;
  private seeded = false;

  constructor(
    private readonly config: GpioSensorConfig,
    debounceMs: number,
    logger: Logger,
    private readonly tools: GpioTools = {},
  ) {
    super(config.id, config.kind);
    this.log = logger.child({ component: 'gpio', sensorId: config.id });
    this.debouncer = new StableDebouncer<SensorState>(config.debounceMs ?? debounceMs, (state, at) =>
      this.report(state, at, false),
    );
  }

  async start(): Promise<void> {
    const backend = await this.chooseBackend();
    this.log.info(
      { backend, chip: this.config.chip, line: this.config.line, activeLow: this.config.activeLow },
      'GPIO sensor starting',
    );
    const { chip, line, bias } = this.config;
    this.source =
      backend === 'gpiomon'
        ? new GpiomonSource({ chip, line, bias, gpiomon: this.tools.gpiomon, gpioget: this.tools.gpioget })
        : new SysfsSource({ gpio: line, root: this.tools.sysfsRoot, pollMs: this.tools.pollMs });
    this.source.on('up', (level, at) => this.onUp(level, at));
    this.source.on('level', (level, at) => this.debouncer.input(this.toState(level), at));
    this.source.on('down', (reason) => {
      this.log.warn({ reason }, 'GPIO input cannot be read');
      this.setOk(false);
      this.emit('error', new Error(reason));
    });
    await this.source.start();
  }

  private onUp(level: Level, at: Date): void {
    this.setOk(true);
    const state = this.toState(level);
    if (!this.seeded) {
      this.seeded = true;
      this.debouncer.seed(state);
      this.report(state, at, true);
    } else {
      // Back after an outage: the input may have changed meanwhile.
      this.debouncer.input(state, at);
    }
  }

  private toState(level: Level): SensorState {
    return stateFor(this.kind, (level === 1) !== this.config.activeLow);
  }

  private async chooseBackend(): Promise<'gpiomon' | 'sysfs'> {
    if (this.config.backend !== 'auto') return this.config.backend;
    const found = await new Promise<boolean>((resolve) =>
      execFile(this.tools.gpiomon ?? 'gpiomon', ['--version'], { timeout: 5_000 }, (err) => resolve(!err)),
    );
    if (found) return 'gpiomon';
    if (existsSync(this.tools.sysfsRoot ?? '/sys/class/gpio')) {
      this.log.warn('gpiomon not found (apt install gpiod); polling sysfs instead');
      return 'sysfs';
    }
    return 'gpiomon'; // reports "gpiomon not found" and keeps retrying
  }

  async stop(): Promise<void> {
    this.debouncer.dispose();
    await this.source?.stop();
    this.setOk(false);
  }
}
