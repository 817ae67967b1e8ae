import type { SensorKind } from '../contract/mqtt-payloads.ts';
import { BaseSensor, isStateOf, type SensorState } from './sensor.ts';

/** A sensor driven by the console (`lift s1 raised`, `bay s2 free`) or by a test through set(). */
export class SimulatedSensor extends BaseSensor {
  readonly driver = 'simulated' as const;

  constructor(
    id: string,
    kind: SensorKind,
    private readonly now: () => Date = () => new Date(),
  ) {
    super(id, kind);
  }

  async start(): Promise<void> {
    this.setOk(true);
  }

  async stop(): Promise<void> {
    this.setOk(false);
  }

  set(state: string, at: Date = this.now()): void {
    if (!isStateOf(this.kind, state)) {
      throw new Error(
        `"${state}" is not a ${this.kind} state (use ${this.kind === 'lift' ? 'raised or lowered' : 'occupied or free'})`,
      );
    }
    if (!this.ok) throw new Error(`sensor ${this.id} is not started`);
    this.report(state as SensorState, at, false);
  }
}
