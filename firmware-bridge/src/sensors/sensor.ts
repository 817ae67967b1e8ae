import {
  BAY_STATES,
  LIFT_STATES,
  type BayState,
  type LiftState,
  type SensorKind,
} from '../contract/mqtt-payloads.ts';
import { TypedEmitter } from '../typed-emitter.ts';

export type SensorState = LiftState | BayState;

export interface SensorChange {
  state: SensorState;
  /** When the input changed (the first edge of the new stable level), not when debouncing ended. */
  at: Date;
  /** The state read when the sensor started: reported only if it differs from the last one reported. */
  initial: boolean;
}

export interface SensorEvents {
  change: [SensorChange];
  /** The input can (true) or cannot (false) be read. */
  ok: [boolean];
  error: [Error];
}

/** A lift (raised/lowered) or bay (occupied/free) sensor. */
export interface Sensor {
  readonly id: string;
  readonly kind: SensorKind;
  readonly driver: 'simulated' | 'gpio';
  readonly ok: boolean;
  /** The last debounced state, null before the first reading. */
  readonly state: SensorState | null;
  start(): Promise<void>;
  stop(): Promise<void>;
  on<K extends keyof SensorEvents & string>(event: K, listener: (...args: SensorEvents[K]) => void): this;
  off<K extends keyof SensorEvents & string>(event: K, listener: (...args: SensorEvents[K]) => void): this;
}

/** The state an active input means: raised for a lift, occupied for a bay. */
export function stateFor(kind: SensorKind, active: boolean): SensorState {
  if (kind === 'lift') return active ? 'raised' : 'lowered';
  return active ? 'occupied' : 'free';
}

export function isStateOf(kind: SensorKind, state: string): state is SensorState {
  return kind === 'lift'
    ? (LIFT_STATES as readonly string[]).includes(state)
    : (BAY_STATES as readonly string[]).includes(state);
}

export abstract class BaseSensor extends TypedEmitter<SensorEvents> implements Sensor {
  abstract readonly driver: 'simulated' | 'gpio';
  private okNow = false;
  protected current: SensorState | null = null;

  constructor(
    readonly id: string,
    readonly kind: SensorKind,
  ) {
    super();
  }

  get ok(): boolean {
    return this.okNow;
  }

  get state(): SensorState | null {
    return this.current;
  }

  protected setOk(ok: boolean): void {
    if (ok === this.okNow) return;
    this.okNow = ok;
    this.emit('ok', ok);
  }

  protected report(state: SensorState, at: Date, initial: boolean): void {
    this.current = state;
    this.emit('change', { state, at, initial });
  }

  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
}
