import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurably } from '../outbox/durable-fs.ts';
import type { SensorState } from '../sensors/sensor.ts';

/**
 * The last state reported per sensor, kept on disk: a restarted bridge does not report "bay free"
 * again (which would close the open sessions at that lift) when nothing changed while it was down.
 */
export class SensorStateStore {
  /** Writes go one after another: two sensors changing together must not race on the temp file. */
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly states: Record<string, SensorState>,
  ) {}

  static async open(dir: string): Promise<SensorStateStore> {
    const path = join(dir, 'sensor-states.json');
    let states: Record<string, SensorState> = {};
    try {
      const parsed = JSON.parse(await readFile(path, 'utf8')) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        states = parsed as Record<string, SensorState>;
    } catch {
      // missing or damaged: every sensor's first reading is reported
    }
    return new SensorStateStore(path, states);
  }

  get(sensorId: string): SensorState | undefined {
    return this.states[sensorId];
  }

  async set(sensorId: string, state: SensorState): Promise<void> {
    this.states[sensorId] = state;
    const write = this.writing.then(() => writeFileDurably(this.path, `${JSON.stringify(this.states)}\n`));
    this.writing = write.catch(() => undefined);
    await write;
  }
}
