import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  DeltaEvent,
  DeltaMessage,
  ServerToClientEvents,
} from '../../server/src/contracts/realtime.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Signed-in desks' sockets (their session cookie) for a test file: `open` connects one and resolves,
 * once its first snapshot arrived, with every delta of `type` it gets from then on; `closeAll` after each test.
 */
export function deskSockets(baseUrl: () => string) {
  const open: ClientSocket[] = [];
  return {
    async open(cookie: string, type: DeltaEvent['type']): Promise<DeltaMessage[]> {
      const socket: ClientSocket = io(baseUrl(), {
        transports: ['websocket'],
        extraHeaders: { cookie },
        reconnection: false,
      });
      open.push(socket);
      const deltas: DeltaMessage[] = [];
      socket.on('delta', (message) => {
        if (message.event.type === type) deltas.push(message);
      });
      await new Promise<void>((resolve) => socket.once('snapshot', () => resolve()));
      return deltas;
    },
    closeAll(): void {
      for (const s of open.splice(0)) s.close();
    },
  };
}
