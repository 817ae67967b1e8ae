import { randomBytes } from 'node:crypto';
import type { Role } from '../../server/src/contracts/roles.ts';
import { assignBadge, createStaff, createUser } from '../../server/src/modules/identity/index.ts';
import { Lift } from '../../server/src/modules/scheduler/index.ts';
import type { Actor } from '../../server/src/platform/context.ts';
import { newId } from '../../server/src/platform/ids.ts';
import { inTransaction } from '../../server/src/platform/transaction.ts';
import { ApiClient } from './api-client.ts';
import type { TestStation } from './test-station.ts';

export const TEST_ACTOR: Actor = { type: 'system', id: null, name: 'test factory' };
export const TEST_PASSWORD = 'correct-horse-battery';

const unique = () => randomBytes(3).toString('hex');

/** Runs commands as the test factory, in one committed transaction. */
export function asFactory<T>(station: TestStation, work: Parameters<typeof inTransaction<T>>[2]): Promise<T> {
  return inTransaction(station.deps, TEST_ACTOR, work);
}

export async function makeUser(
  station: TestStation,
  role: Role,
  overrides: { login?: string; scope?: 'own' | 'all'; password?: string } = {},
) {
  const login = overrides.login ?? `${role}-${unique()}`;
  const password = overrides.password ?? TEST_PASSWORD;
  const user = await asFactory(station, (cx) =>
    createUser(cx, { login, displayName: `${role} ${login}`, role, scope: overrides.scope, password }),
  );
  return { user, login, password };
}

/** A signed-in client for a new user of the role. */
export async function signedIn(
  station: TestStation,
  role: Role,
  overrides: Parameters<typeof makeUser>[2] = {},
) {
  const made = await makeUser(station, role, overrides);
  const client = new ApiClient(station.baseUrl);
  const res = await client.post('/api/auth/login', { login: made.login, password: made.password });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...made, client };
}

export async function makeLift(
  station: TestStation,
  overrides: Partial<{ code: string; name: string; kind: string }> = {},
) {
  const code = overrides.code ?? `L${unique()}`.slice(0, 8);
  return asFactory(station, (cx) =>
    Lift.create(
      {
        id: newId(),
        code,
        name: overrides.name ?? `Lift ${code}`,
        kind: overrides.kind ?? 'two_post',
        status: 'working',
        position: 0,
        createdAt: cx.now,
        updatedAt: cx.now,
      },
      { transaction: cx.tx },
    ),
  );
}

export async function makeMechanic(station: TestStation, overrides: { name?: string; uid?: string } = {}) {
  return asFactory(station, async (cx) => {
    const staff = await createStaff(cx, {
      fullName: overrides.name ?? `Mechanic ${unique()}`,
      position: 'mechanic',
    });
    const uid = overrides.uid ?? randomBytes(7).toString('hex').toUpperCase();
    await assignBadge(cx, staff.id, uid);
    return { staff, uid };
  });
}

/** Registers a board or lift kiosk as `manager` and pairs it with its one-time code, as a kiosk does. */
export async function pairedDevice(
  manager: ApiClient,
  baseUrl: string,
  device: { name: string; scope: 'board' | 'lift'; liftId?: string },
): Promise<{ deviceId: string; token: string }> {
  const created = await manager.post('/api/devices', device);
  if (created.status !== 201) throw new Error(`device: ${created.status} ${JSON.stringify(created.body)}`);
  const paired = await new ApiClient(baseUrl).post('/api/kiosk/pair', { code: created.body.pairingCode });
  if (paired.status !== 201) throw new Error(`pairing: ${paired.status} ${JSON.stringify(paired.body)}`);
  return { deviceId: created.body.device.id as string, token: paired.body.token as string };
}
