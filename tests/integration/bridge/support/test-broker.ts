import net from 'node:net';
import { Aedes, type Client, type PublishPacket } from 'aedes';

export interface ReceivedMessage {
  clientId: string | null;
  topic: string;
  payload: Buffer;
  retain: boolean;
  json: unknown;
}

/**
 * A real aedes broker on a free port for the bridge's tests: bridges authenticate with
 * clientId = username and a known secret; every publish is recorded; PUBACKs can be held back
 * (the broker answers only when authorizePublish calls back, as the station should after its commit).
 */
export class TestBroker {
  readonly messages: ReceivedMessage[] = [];
  private aedes: Aedes | null = null;
  private server: net.Server | null = null;
  private holdAcks = false;
  private held: { topic: string; release: () => void }[] = [];
  private readonly retained = new Map<string, Buffer>();
  port = 0;

  constructor(private readonly secrets: Record<string, string>) {}

  async start(port = 0): Promise<void> {
    const aedes = await Aedes.createBroker({
      authenticate: (client, username, password, done) => {
        const ok =
          username === client.id &&
          this.secrets[username] !== undefined &&
          password?.toString() === this.secrets[username];
        done(ok ? null : Object.assign(new Error('bad credentials'), { returnCode: 4 as const }), ok);
      },
      // aedes 1.2 writes a QoS 1 PUBACK before its `published` hook runs, but only after
      // authorizePublish has called back: so this is where a publish is recorded and held.
      authorizePublish: (
        client: Client | null,
        packet: PublishPacket,
        done: (error?: Error | null) => void,
      ) => {
        const payload = Buffer.isBuffer(packet.payload)
          ? packet.payload
          : Buffer.from(String(packet.payload));
        if (packet.retain) this.retained.set(packet.topic, payload);
        let json: unknown = null;
        try {
          json = JSON.parse(payload.toString());
        } catch {
          // not JSON
        }
        this.messages.push({
          clientId: client?.id ?? null,
          topic: packet.topic,
          payload,
          retain: packet.retain,
          json,
        });
        if (this.holdAcks && client && packet.qos > 0)
          this.held.push({ topic: packet.topic, release: () => done(null) });
        else done(null);
      },
    });
    this.aedes = aedes;
    const server = net.createServer((socket) => aedes.handle(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  /** Withhold PUBACKs (true) or answer every withheld one and stop withholding (false). */
  setHoldAcks(hold: boolean): void {
    this.holdAcks = hold;
    if (!hold) for (const { release } of this.held.splice(0)) release();
  }

  /** Events whose PUBACK is being withheld. */
  get heldCount(): number {
    return this.held.filter((h) => h.topic.includes('/events/')).length;
  }

  /** The last retained payload of a topic, parsed. */
  retainedJson(topic: string): unknown {
    const payload = this.retained.get(topic);
    return payload ? JSON.parse(payload.toString()) : undefined;
  }

  /** Publishes to clients (the server's requests). */
  publish(topic: string, payload: unknown, retain = false): Promise<void> {
    const aedes = this.aedes!;
    return new Promise((resolve, reject) =>
      aedes.publish(
        { cmd: 'publish', topic, payload: Buffer.from(JSON.stringify(payload)), qos: 1, retain, dup: false },
        (err) => (err ? reject(err) : resolve()),
      ),
    );
  }

  isConnected(clientId: string): boolean {
    const clients = (this.aedes as unknown as { clients: Record<string, Client> } | null)?.clients ?? {};
    return clientId in clients;
  }

  eventMessages(kind?: string): ReceivedMessage[] {
    return this.messages.filter(
      (m) => /\/events\//.test(m.topic) && (!kind || m.topic.endsWith(`/events/${kind}`)),
    );
  }

  /** Event ids received, in arrival order (duplicates included). */
  eventIds(): number[] {
    return this.eventMessages().map((m) => (m.json as { eventId: number }).eventId);
  }

  async stop(): Promise<void> {
    const aedes = this.aedes;
    const server = this.server;
    this.aedes = null;
    this.server = null;
    this.held = [];
    if (aedes) await new Promise<void>((resolve) => aedes.close(() => resolve()));
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Polls until the condition holds (or fails with the message after timeoutMs). */
export async function waitFor(condition: () => boolean, message: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
