import type { BridgeOnlineStatus } from '../contract/mqtt-payloads.ts';
import type { CardReader } from '../readers/card-reader.ts';
import type { Sensor } from '../sensors/sensor.ts';

export interface StatusInput {
  fw: string;
  bootAt: Date;
  readers: readonly Pick<CardReader, 'id' | 'ok'>[];
  sensors: readonly Pick<Sensor, 'id' | 'kind' | 'ok'>[];
  outbox: { pending: number; full: boolean };
}

/** The retained `status` payload (MQTT.md), plus sensor `ok` and the outbox fill. */
export function buildStatus(input: StatusInput): BridgeOnlineStatus {
  return {
    state: 'online',
    fw: input.fw,
    readers: input.readers.map((reader) => ({ id: reader.id, ok: reader.ok })),
    sensors: input.sensors.map((sensor) => ({ id: sensor.id, kind: sensor.kind, ok: sensor.ok })),
    bootAt: input.bootAt.toISOString(),
    outbox: { pending: input.outbox.pending, full: input.outbox.full },
  };
}
