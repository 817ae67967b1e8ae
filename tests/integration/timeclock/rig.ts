import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  DeltaMessage,
  ServerToClientEvents,
  SnapshotMessage,
} from '../../../server/src/contracts/realtime.ts';
import { addPart } from '../../../server/src/modules/workshop/index.ts';
import { makeLocation, makePart, stockUp } from '../../support/factories-warehouse.ts';
import { placeOnLift } from '../../../server/src/modules/scheduler/index.ts';
import { ApiClient } from '../../support/api-client.ts';
import { connectBridge, connected, registerBridge, type RegisteredBridge } from '../../support/bridges.ts';
import { asFactory, makeLift, makeMechanic, pairedDevice } from '../../support/factories.ts';
import { makeOrder } from '../../support/factories-workshop.ts';
import type { TestStation } from '../../support/test-station.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let bridgeNo = 0;

/** A lift with a bridge reader bound to it, a car on it with one job, and a paired lift kiosk. */
export async function liftRig(
  station: TestStation,
  manager: ApiClient,
  options: { assign?: string[]; withPart?: boolean } = {},
) {
  const lift = await makeLift(station);
  const bridgeId = `tc-${process.pid % 1000}-${++bridgeNo}`;
  const bridge: RegisteredBridge = await registerBridge(manager, bridgeId);
  const bound = await manager.put(`/api/bridges/${bridgeId}/bindings/r1`, {
    kind: 'reader',
    liftId: lift.id,
  });
  if (bound.status !== 200) throw new Error(`binding failed ${bound.status} ${JSON.stringify(bound.body)}`);
  await manager.put(`/api/bridges/${bridgeId}/bindings/s1`, { kind: 'lift_sensor', liftId: lift.id });
  const { order } = await makeOrder(station);
  const job = await manager.post(`/api/orders/${order.id}/jobs`, {
    name: 'Brake pads',
    normSeconds: 3600,
    pricing: 'fixed',
    fixedPriceMinor: 100_000,
    ...(options.assign ? { mechanicIds: options.assign } : {}),
  });
  if (job.status !== 201 && job.status !== 200)
    throw new Error(`job failed ${job.status} ${JSON.stringify(job.body)}`);
  const jobId: string = job.body.jobs.at(-1).id;
  if (options.withPart) {
    const part = await makePart(station);
    const location = await makeLocation(station);
    await stockUp(station, part.id, location.id, 10);
    await asFactory(station, (cx) =>
      addPart(cx, order.id, {
        partId: part.id,
        name: 'Brake pads set',
        quantity: '1',
        unitPriceMinor: 10_000,
        jobId,
      } as Parameters<typeof addPart>[2]),
    );
  }
  await manager.post(`/api/orders/${order.id}/transitions`, { to: 'approved' });
  await asFactory(station, (cx) => placeOnLift(cx, { orderId: order.id, liftId: lift.id }));
  const { token: kioskToken } = await pairedDevice(manager, station.baseUrl, {
    name: `kiosk ${lift.code}`,
    scope: 'lift',
    liftId: lift.id,
  });
  const kiosk = new ApiClient(station.baseUrl, { authorization: `Bearer ${kioskToken}` });
  const client = connectBridge(station, bridge);
  await connected(client);
  return { lift, bridge, client, order, jobId, kiosk, kioskToken };
}

export { makeMechanic };

export function connectSocket(
  station: TestStation,
  auth: { deviceToken?: string; cookie?: string },
): ClientSocket {
  return io(station.baseUrl, {
    transports: ['websocket'],
    auth: auth.deviceToken ? { deviceToken: auth.deviceToken } : {},
    extraHeaders: auth.cookie ? { cookie: auth.cookie } : {},
    reconnection: false,
  });
}

export const nextSnapshot = (socket: ClientSocket) =>
  new Promise<SnapshotMessage>((resolve) => socket.once('snapshot', resolve));

/** The first delta matching `test` (within the timeout). */
export function deltaMatching(
  socket: ClientSocket,
  test: (m: DeltaMessage) => boolean,
  timeoutMs = 3000,
): Promise<DeltaMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('delta', on);
      reject(new Error('no matching delta'));
    }, timeoutMs);
    const on = (m: DeltaMessage) => {
      if (!test(m)) return;
      clearTimeout(timer);
      socket.off('delta', on);
      resolve(m);
    };
    socket.on('delta', on);
  });
}
