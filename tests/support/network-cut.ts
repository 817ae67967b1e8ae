import net from 'node:net';

/**
 * How a relay's network goes down:
 *  - 'reset'  the connections are torn down (a switch port going down, a router rebooting): both ends
 *             learn at once that the connection is gone;
 *  - 'silent' the connections stay open but carry nothing, and no close reaches the other end (a cable
 *             pulled, Wi-Fi gone): each end only finds out by its MQTT keepalive.
 * Either way new connections are refused until `restore()`.
 */
export type CutMode = 'reset' | 'silent';

export interface TcpRelay {
  readonly port: number;
  /** The relay's address as a bridge's `serverUrl`. */
  readonly url: string;
  /** Connections currently relayed (both ends open). */
  connections(): number;
  cut(mode: CutMode): void;
  /** Drops what is left of the cut connections and accepts again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

interface Pair {
  bridgeSide: net.Socket;
  stationSide: net.Socket;
  /** Cut silently: bytes are dropped and a close on one side is not passed to the other. */
  severed: boolean;
}

/** A loopback TCP relay to `targetPort` (the station's MQTT port) whose network can be cut and restored. */
export async function openRelay(targetPort: number): Promise<TcpRelay> {
  const pairs = new Set<Pair>();
  let server: net.Server | null = null;

  const accept = (bridgeSide: net.Socket) => {
    const stationSide = net.connect(targetPort, '127.0.0.1');
    const pair: Pair = { bridgeSide, stationSide, severed: false };
    pairs.add(pair);
    const ends = [bridgeSide, stationSide] as const;
    for (const [from, to] of [ends, [stationSide, bridgeSide] as const]) {
      from.setNoDelay(true);
      from.on('data', (chunk: Buffer) => {
        if (!pair.severed) to.write(chunk);
      });
      from.on('error', () => from.destroy());
      from.on('close', () => {
        if (!pair.severed) to.destroy();
        if (ends.every((s) => s.destroyed)) pairs.delete(pair);
      });
    }
  };

  const listen = async (port: number) => {
    const next = net.createServer(accept);
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    server = next;
    return (next.address() as net.AddressInfo).port;
  };

  /** Stops accepting (the port is free at once; the old server's 'close' waits for its connections). */
  const stopListening = () => {
    server?.close();
    server = null;
  };

  const dropAll = (reset: boolean) => {
    for (const pair of [...pairs]) {
      pair.severed = true;
      for (const s of [pair.bridgeSide, pair.stationSide]) {
        try {
          if (reset && !s.destroyed && !s.connecting) s.resetAndDestroy();
          else s.destroy();
        } catch {
          s.destroy();
        }
      }
      pairs.delete(pair);
    }
  };

  const port = await listen(0);
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    connections: () =>
      [...pairs].filter((p) => !p.severed && !p.bridgeSide.destroyed && !p.stationSide.destroyed).length,
    cut(mode) {
      stopListening();
      if (mode === 'reset') dropAll(true);
      else for (const pair of pairs) pair.severed = true;
    },
    async restore() {
      // A silently cut connection that one end still holds would be refused by the other as soon as
      // the network carried a packet again: it is gone either way.
      dropAll(true);
      await listen(port);
    },
    async close() {
      stopListening();
      dropAll(false);
    },
  };
}
