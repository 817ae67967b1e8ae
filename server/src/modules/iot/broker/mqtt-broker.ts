import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { Aedes, type Client } from 'aedes';
import { MAX_PAYLOAD_BYTES, MAX_TOPIC_LEVELS, SERVER_STATUS_TOPIC } from '../../../contracts/mqtt-topics.ts';
import type { Logger } from '../../../platform/logger.ts';
import { RateLimiter } from '../../../platform/rate-limit.ts';
import { credentialsShapeOk, mayPublish, maySubscribe } from '../rules/topic-acl.ts';
import { parseBridgeTopic } from '../../../contracts/mqtt-topics.ts';

/** The bridge a Last Will belongs to, from its topic (wills were checked when the bridge connected). */
function willOwner(topic: string): string | null {
  return parseBridgeTopic(topic)?.bridgeId ?? null;
}

export interface BrokerOptions {
  host: string;
  port: number;
  tls: { port: number; cert: string; key: string } | null;
  version: string;
  logger: Logger;
  /** Checks a bridge's secret against the registry (hashed secrets). */
  authenticateBridge(bridgeId: string, secret: string): Promise<boolean>;
  /** Connections per remote address per minute before CONNECT is refused. */
  connectionsPerMinute?: number;
}

/**
 * Handles a bridge's publish (and the Last Will the broker publishes for it). The broker sends PUBACK
 * only after the returned promise resolves, so an event is acknowledged once it is committed; a
 * rejection drops the connection without PUBACK (the bridge keeps the event and sends it again).
 */
export type PublishHandler = (bridgeId: string, topic: string, payload: Buffer) => Promise<void>;

export interface BrokerEvents {
  onConnected?(bridgeId: string): void;
  onDisconnected?(bridgeId: string): void;
}

export type AuthErrorCode = 3 | 4 | 5;
function authError(message: string, returnCode: AuthErrorCode): Error & { returnCode: AuthErrorCode } {
  return Object.assign(new Error(message), { returnCode });
}

/** The embedded aedes broker: bridges only, each authenticated and fenced into its own topics. */
export class MqttBroker {
  private aedes: Aedes | null = null;
  private servers: net.Server[] = [];
  private handler: PublishHandler = async () => undefined;
  private events: BrokerEvents = {};
  private readonly connectLimiter: RateLimiter;
  private up = false;

  constructor(private readonly options: BrokerOptions) {
    this.connectLimiter = new RateLimiter(options.connectionsPerMinute ?? 120, 60_000);
  }

  onPublish(handler: PublishHandler): void {
    this.handler = handler;
  }

  onClients(events: BrokerEvents): void {
    this.events = events;
  }

  async start(): Promise<void> {
    const log = this.options.logger.child({ component: 'mqtt' });
    const aedes = await Aedes.createBroker({
      id: 'pitwall',
      drainTimeout: 10_000,
      connectTimeout: 10_000,
      heartbeatInterval: 60_000,
      maxTopicLevels: MAX_TOPIC_LEVELS,
      maxClientsIdLength: 32,
      keepaliveLimit: 120,
      concurrency: 1000,
      queueLimit: 1000,
      preConnect: (client, _packet, done) => {
        const address = (client.conn as net.Socket).remoteAddress ?? 'unknown';
        const wait = this.connectLimiter.hit(address);
        if (wait) log.warn({ address }, 'MQTT connection refused: too many connections from this address');
        done(null, wait === 0);
      },
      authenticate: (client, username, password, done) => {
        if (!credentialsShapeOk(client.id, username) || !password) {
          log.warn(
            { clientId: client.id, username },
            'MQTT connection refused: clientId must equal username (the bridge id) and a password is required',
          );
          return done(authError('bad credentials', 4), false);
        }
        const will = (client as unknown as { _will?: { topic: string } })._will;
        if (will && !mayPublish(client.id, will.topic)) {
          log.warn(
            { bridgeId: client.id, topic: will.topic },
            'MQTT connection refused: Last Will outside the bridge namespace',
          );
          return done(authError('will not allowed', 5), false);
        }
        this.options
          .authenticateBridge(username!, password.toString('utf8'))
          .then((ok) => {
            if (!ok)
              log.warn({ bridgeId: username }, 'MQTT connection refused: wrong or revoked bridge secret');
            done(ok ? null : authError('bad credentials', 4), ok);
          })
          .catch((err: unknown) => {
            log.error({ err }, 'bridge authentication failed');
            done(authError('server unavailable', 3), false);
          });
      },
      // aedes writes PUBACK right after authorizePublish succeeds (before its own `published` hook),
      // so this is where an event is made durable: the callback runs only after the commit.
      authorizePublish: (client, packet, done) => {
        // client is null for a Last Will published after its bridge is gone: it was checked on CONNECT.
        const bridgeId = client?.id ?? willOwner(packet.topic);
        if (client && !mayPublish(client.id, packet.topic)) {
          log.warn(
            { bridgeId: client.id, topic: packet.topic },
            'MQTT publish refused: topic outside the bridge namespace',
          );
          return done(new Error('topic not allowed'));
        }
        if (packet.payload.length > MAX_PAYLOAD_BYTES) {
          log.warn(
            { bridgeId, topic: packet.topic, bytes: packet.payload.length },
            'MQTT publish refused: payload too large',
          );
          return done(new Error('payload too large'));
        }
        if (!bridgeId) return done(null);
        const payload = Buffer.isBuffer(packet.payload)
          ? packet.payload
          : Buffer.from(String(packet.payload));
        this.handler(bridgeId, packet.topic, payload).then(
          () => done(null),
          (err: unknown) => {
            log.error(
              { err, bridgeId, topic: packet.topic },
              'ingest failed; the publish is not acknowledged',
            );
            done(err as Error);
          },
        );
      },
      authorizeSubscribe: (client, sub, done) => {
        if (!maySubscribe(client.id, sub.topic)) {
          log.warn(
            { bridgeId: client.id, topic: sub.topic },
            'MQTT subscribe refused: topic outside the bridge namespace',
          );
          return done(null, null);
        }
        done(null, sub);
      },
    });
    aedes.on('clientReady', (client) => this.events.onConnected?.(client.id));
    aedes.on('clientDisconnect', (client) => this.events.onDisconnected?.(client.id));
    aedes.on('clientError', (client, err) =>
      log.debug({ clientId: client.id, err: err.message }, 'MQTT client error'),
    );
    aedes.on('connectionError', (client, err) =>
      log.debug({ clientId: client?.id, err: err.message }, 'MQTT connection error'),
    );
    this.aedes = aedes;

    const plain = net.createServer((socket) => aedes.handle(socket));
    await listen(plain, this.options.port, this.options.host, 'PITWALL_MQTT_PORT');
    this.servers.push(plain);
    if (this.options.tls) {
      const secure = tls.createServer(
        { cert: readFileSync(this.options.tls.cert), key: readFileSync(this.options.tls.key) },
        (socket) => aedes.handle(socket),
      );
      await listen(secure, this.options.tls.port, this.options.host, 'PITWALL_MQTT_TLS_PORT');
      this.servers.push(secure);
    }
    this.up = true;
    await this.publish(
      SERVER_STATUS_TOPIC,
      { state: 'online', version: this.options.version },
      { retain: true },
    );
    log.info({ port: this.port() }, 'MQTT broker listening');
  }

  /** The actual port (useful when configured as 0 in tests). */
  port(): number {
    const address = this.servers[0]?.address();
    return typeof address === 'object' && address ? address.port : this.options.port;
  }

  isUp(): boolean {
    return this.up && this.aedes !== null && !this.aedes.closed;
  }

  connectedClients(): number {
    return this.aedes?.connectedClients ?? 0;
  }

  publish(topic: string, payload: unknown, opts: { retain?: boolean; qos?: 0 | 1 } = {}): Promise<void> {
    const aedes = this.aedes;
    if (!aedes) return Promise.resolve();
    return new Promise((resolve, reject) =>
      aedes.publish(
        {
          cmd: 'publish',
          topic,
          payload: Buffer.from(JSON.stringify(payload)),
          qos: opts.qos ?? 1,
          retain: opts.retain ?? false,
          dup: false,
        },
        (err) => (err ? reject(err) : resolve()),
      ),
    );
  }

  /** Drops a bridge's live connection (its secret was revoked or rotated). */
  disconnectClient(bridgeId: string): void {
    const clients = (this.aedes as unknown as { clients?: Record<string, Client> } | null)?.clients;
    clients?.[bridgeId]?.close();
  }

  async stop(): Promise<void> {
    if (!this.aedes) return;
    this.up = false;
    await this.publish(
      SERVER_STATUS_TOPIC,
      { state: 'offline', version: this.options.version },
      { retain: true },
    ).catch(() => undefined);
    const aedes = this.aedes;
    this.aedes = null;
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    this.servers = [];
  }
}

function listen(server: net.Server, port: number, host: string, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`The MQTT port ${port} is already in use. Set ${variable} to a free port.`)
          : err,
      );
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
