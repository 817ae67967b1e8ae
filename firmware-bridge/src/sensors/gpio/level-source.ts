import { TypedEmitter } from '../../typed-emitter.ts';

export type Level = 0 | 1;

export interface LevelSourceEvents {
  /** The input can be read again; its level now. */
  up: [Level, Date];
  /** An edge. */
  level: [Level, Date];
  /** The input cannot be read (tool exited, sysfs file gone); why. */
  down: [string];
}

/** Raw levels of one GPIO input, from gpiomon or from sysfs. */
export abstract class LevelSource extends TypedEmitter<LevelSourceEvents> {
  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
}
