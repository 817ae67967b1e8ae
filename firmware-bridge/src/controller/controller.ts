import { join } from 'node:path';
import type { BridgeConfig } from '../config/config-schema.ts';
import {
  BRIDGE_OFFLINE_STATUS,
  feedbackRequestSchema,
  parsePayload,
  serverRequestSchema,
  serverStatusSchema,
  type BridgeOnlineStatus,
  type BridgeResponse,
  type FeedbackRequest,
} from '../contract/mqtt-payloads.ts';
import { EventSender } from '../link/event-sender.ts';
import { MqttLink } from '../link/mqtt-link.ts';
import type { Logger } from '../logger.ts';
import { DiskOutbox, OutboxFullError } from '../outbox/disk-outbox.ts';
import type { EventDraft, StoredEvent } from '../outbox/journal-records.ts';
import { CardDebouncer } from '../readers/card-debounce.ts';
import type { CardReader, CardTap } from '../readers/card-reader.ts';
import type { Sensor, SensorChange } from '../sensors/sensor.ts';
import { TypedEmitter } from '../typed-emitter.ts';
import { createDevices, type DeviceOverrides } from './devices.ts';
import { FIRMWARE_VERSION } from './firmware-version.ts';
import { SensorStateStore } from './sensor-state-store.ts';
import { buildStatus } from './status-payload.ts';

export interface BridgeControllerOptions {
  config: BridgeConfig;
  logger: Logger;
  /** Devices to use instead of those the configuration names (tests, scripts). */
  readers?: CardReader[];
  sensors?: Sensor[];
  devices?: DeviceOverrides;
  now?: () => Date;
  /** How long stop() waits for the broker to acknowledge what is in flight. */
  drainTimeoutMs?: number;
}

export interface ControllerEvents {
  connected: [];
  disconnected: [];
  /** An event is on disk and will be delivered. */
  stored: [StoredEvent];
  /** The broker acknowledged an event; it left the outbox. */
  acked: [StoredEvent];
  /** An event could not be stored (outbox full, disk error). */
  refused: [EventDraft, Error];
  /** The server's answer to a tap, after the reader was told. */
  feedback: [FeedbackRequest];
  status: [BridgeOnlineStatus];
}

/**
 * The bridge: owns the MQTT link and the disk outbox, listens to its readers and sensors, turns
 * taps and sensor changes into durable events, sends them in order, answers the server's requests
 * and keeps the retained status up to date.
 */
export class BridgeController extends TypedEmitter<ControllerEvents> {
  readonly readers: ReadonlyMap<string, CardReader>;
  readonly sensors: ReadonlyMap<string, Sensor>;
  readonly link: MqttLink;
  private outboxOrNull: DiskOutbox | null = null;
  private sensorStates: SensorStateStore | null = null;
  private readonly lastRecorded = new Map<string, string>();
  private readonly debouncer: CardDebouncer;
  private readonly log: Logger;
  private readonly now: () => Date;
  private readonly bootAt: Date;
  private statusTimer: NodeJS.Timeout | null = null;
  private sender: EventSender | null = null;
  private started = false;
  private stopping = false;

  constructor(private readonly options: BridgeControllerOptions) {
    super();
    const { config, logger } = options;
    this.log = logger;
    this.now = options.now ?? (() => new Date());
    this.bootAt = this.now();
    const built =
      options.readers || options.sensors
        ? null
        : createDevices(config, logger, { now: options.now, ...options.devices });
    this.readers = new Map((options.readers ?? built?.readers ?? []).map((r) => [r.id, r]));
    this.sensors = new Map((options.sensors ?? built?.sensors ?? []).map((s) => [s.id, s]));
    this.debouncer = new CardDebouncer(config.cardDebounceMs);
    this.link = new MqttLink({
      bridgeId: config.bridgeId,
      secret: config.secret,
      serverUrl: config.serverUrl,
      keepaliveSeconds: config.keepaliveSeconds,
      reconnectMs: config.reconnectMs,
      tls: config.tls,
      logger,
    });
  }

  get outbox(): DiskOutbox {
    if (!this.outboxOrNull) throw new Error('the controller is not started');
    return this.outboxOrNull;
  }

  get isConnected(): boolean {
    return this.link.isConnected;
  }

  status(): BridgeOnlineStatus {
    return buildStatus({
      fw: FIRMWARE_VERSION,
      bootAt: this.bootAt,
      readers: [...this.readers.values()],
      sensors: [...this.sensors.values()],
      outbox: { pending: this.outboxOrNull?.pendingCount ?? 0, full: this.outboxOrNull?.isFull ?? false },
    });
  }

  async start(): Promise<void> {
    if (this.started) throw new Error('already started');
    this.started = true;
    const { config } = this.options;
    const dataDir = config.dataDir;
    const outbox = await DiskOutbox.open({
      dir: join(dataDir, 'outbox'),
      maxEvents: config.outbox.maxEvents,
      maxBytes: config.outbox.maxBytes,
      logger: this.log,
    });
    this.outboxOrNull = outbox;
    this.sensorStates = await SensorStateStore.open(dataDir);
    for (const sensor of this.sensors.values()) {
      const last = this.sensorStates.get(sensor.id);
      if (last) this.lastRecorded.set(sensor.id, last);
    }
    outbox.on('stored', (event) => this.emit('stored', event));
    outbox.on('full', () => this.scheduleStatus());
    // The status goes out first on a connect, then the sender starts on the backlog.
    this.link.on('connected', () => {
      this.publishStatus();
      this.emit('connected');
    });
    this.sender = new EventSender(outbox, this.link, {
      maxInFlight: config.maxInFlight,
      logger: this.log,
      now: this.now,
      onAcked: (event) => this.emit('acked', event),
    });
    this.link.on('disconnected', () => this.emit('disconnected'));
    this.link.on('request', (name, payload) => this.onRequest(name, payload));
    this.link.on('serverStatus', (payload) => {
      const parsed = parsePayload(serverStatusSchema, payload);
      if (parsed.ok) this.log.info({ server: parsed.value }, `the station server is ${parsed.value.state}`);
    });

    for (const reader of this.readers.values()) {
      reader.on('card', (tap) => this.onCard(reader, tap));
      reader.on('ready', () => this.scheduleStatus());
      reader.on('removed', () => this.scheduleStatus());
      reader.on('error', (err) => this.log.debug({ readerId: reader.id, err: err.message }, 'reader error'));
    }
    for (const sensor of this.sensors.values()) {
      sensor.on('change', (change) => this.onSensorChange(sensor, change));
      sensor.on('ok', () => this.scheduleStatus());
      sensor.on('error', (err) => this.log.debug({ sensorId: sensor.id, err: err.message }, 'sensor error'));
    }
    await Promise.all([...this.readers.values()].map((r) => r.start()));
    await Promise.all([...this.sensors.values()].map((s) => s.start()));
    this.link.start();
    this.log.info(
      {
        fw: FIRMWARE_VERSION,
        serverUrl: config.serverUrl,
        readers: [...this.readers.keys()],
        sensors: [...this.sensors.keys()],
        pending: outbox.pendingCount,
      },
      'bridge started',
    );
  }

  /** Resolves when every stored event has been acknowledged (or the timeout passes: false). */
  async waitUntilDrained(timeoutMs: number): Promise<boolean> {
    const outbox = this.outbox;
    await outbox.flush();
    if (outbox.pendingCount === 0) return true;
    return new Promise((resolve) => {
      const onAcked = () => {
        if (outbox.pendingCount > 0) return;
        cleanup();
        resolve(true);
      };
      const timer = setTimeout(() => {
        cleanup();
        resolve(outbox.pendingCount === 0);
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.off('acked', onAcked);
      };
      this.on('acked', onAcked);
    });
  }

  /**
   * Graceful stop: the devices stop, what is in flight gets a moment to be acknowledged, the
   * retained status says offline, the connection closes cleanly and the outbox is closed (events
   * still unacknowledged stay on disk for the next start).
   */
  async stop(): Promise<void> {
    if (!this.started || this.stopping) return;
    this.stopping = true;
    if (this.statusTimer) clearTimeout(this.statusTimer);
    await Promise.allSettled([...this.readers.values()].map((r) => r.stop()));
    await Promise.allSettled([...this.sensors.values()].map((s) => s.stop()));
    const outbox = this.outbox;
    await outbox.flush();
    if (this.link.isConnected && (this.sender?.inFlightCount ?? 0) > 0) {
      await this.waitUntilDrained(this.options.drainTimeoutMs ?? 3_000);
    }
    if (this.link.isConnected) {
      await withTimeout(this.link.publish(this.link.topics.status, BRIDGE_OFFLINE_STATUS, true), 2_000).catch(
        () => undefined,
      );
    }
    await this.link.stop();
    await outbox.close();
    this.log.info({ pending: outbox.pendingCount }, 'bridge stopped');
  }

  private onCard(reader: CardReader, tap: CardTap): void {
    if (!this.debouncer.accept(reader.id, tap.uid, tap.at.getTime())) {
      this.log.debug(
        { readerId: reader.id, uid: tap.uid },
        'same card again within the debounce window; ignored',
      );
      return;
    }
    this.record({ kind: 'badge', readerId: reader.id, uid: tap.uid, at: tap.at.toISOString() }, () =>
      reader.signal('rejected'),
    );
  }

  private onSensorChange(sensor: Sensor, change: SensorChange): void {
    const previous = this.lastRecorded.get(sensor.id);
    if (previous === change.state) {
      this.log.debug(
        { sensorId: sensor.id, state: change.state, initial: change.initial },
        'sensor state unchanged; not reported',
      );
      return;
    }
    this.lastRecorded.set(sensor.id, change.state);
    const draft = {
      kind: sensor.kind,
      sensorId: sensor.id,
      state: change.state,
      at: change.at.toISOString(),
    } as EventDraft;
    this.record(draft, () => {
      if (this.lastRecorded.get(sensor.id) === change.state) {
        if (previous === undefined) this.lastRecorded.delete(sensor.id);
        else this.lastRecorded.set(sensor.id, previous);
      }
    })
      .then((stored) => {
        if (stored) return this.sensorStates?.set(sensor.id, change.state);
      })
      .catch((err: unknown) => this.log.warn({ err, sensorId: sensor.id }, 'saving the sensor state failed'));
  }

  /** Stores an event; on refusal logs it loudly and calls onRefused (the red beep for a tap). */
  private async record(draft: EventDraft, onRefused: () => void): Promise<StoredEvent | null> {
    try {
      const stored = await this.outbox.append(draft);
      this.log.info({ ...stored }, `${draft.kind} event stored`);
      return stored;
    } catch (err) {
      const error = err as Error;
      if (!(err instanceof OutboxFullError))
        this.log.error({ err: error, draft }, 'the event could not be stored');
      else this.log.error({ draft }, 'event REFUSED: the outbox is full');
      onRefused();
      this.emit('refused', draft, error);
      return null;
    }
  }

  private onRequest(name: string, payload: Buffer): void {
    if (name === 'feedback') return this.onFeedback(payload);
    const request = parsePayload(serverRequestSchema, payload);
    if (!request.ok)
      return void this.log.warn({ name, reason: request.reason }, 'ignoring a malformed request');
    this.respond(name, {
      transaction: request.value.transaction,
      status: 'error',
      error: `unknown request "${name}"`,
    });
  }

  private onFeedback(payload: Buffer): void {
    const parsed = parsePayload(feedbackRequestSchema, payload);
    if (!parsed.ok) {
      const request = parsePayload(serverRequestSchema, payload);
      this.log.warn({ reason: parsed.reason }, 'malformed feedback request');
      if (request.ok)
        this.respond('feedback', {
          transaction: request.value.transaction,
          status: 'error',
          error: parsed.reason,
        });
      return;
    }
    const feedback = parsed.value;
    const reader = this.readers.get(feedback.readerId);
    if (!reader) {
      this.log.warn({ readerId: feedback.readerId }, 'feedback for a reader this bridge does not have');
      this.respond('feedback', {
        transaction: feedback.transaction,
        status: 'error',
        error: `no reader "${feedback.readerId}" on this bridge`,
      });
      return;
    }
    reader.signal(feedback.outcome);
    this.log.info(
      { readerId: feedback.readerId, outcome: feedback.outcome, text: feedback.text },
      `feedback: ${feedback.outcome}${feedback.text ? ` — ${feedback.text}` : ''}`,
    );
    this.emit('feedback', feedback);
    this.respond('feedback', { transaction: feedback.transaction, status: 'ok' });
  }

  private respond(name: string, response: BridgeResponse): void {
    this.link
      .publish(this.link.topics.response(name), response)
      .catch((err: Error) => this.log.debug({ name, err: err.message }, 'response not delivered'));
  }

  /** Several changes at once (a reader and the outbox) become one status publish. */
  private scheduleStatus(): void {
    if (this.statusTimer || this.stopping) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      this.publishStatus();
    }, 50);
  }

  private publishStatus(): void {
    const status = this.status();
    this.emit('status', status);
    if (!this.link.isConnected) return;
    this.link
      .publish(this.link.topics.status, status, true)
      .catch((err: Error) =>
        this.log.debug({ err: err.message }, 'status not delivered; it is sent again on reconnect'),
      );
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err as Error);
      },
    );
  });
}
