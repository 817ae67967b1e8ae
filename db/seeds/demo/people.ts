import type { Role, StaffPosition } from '../../../server/src/contracts/roles.ts';
import type { CommandContext } from '../../../server/src/platform/context.ts';
import {
  assignBadge,
  createStaff,
  createUser,
  type Staff,
} from '../../../server/src/modules/identity/index.ts';
import type { Lift } from '../../../server/src/modules/scheduler/index.ts';

/** Every demo account has this password; the start banner prints it. */
export const DEMO_PASSWORD = 'pitwall-demo';

const USERS: Array<{
  login: string;
  name: string;
  role: Role;
  position: StaffPosition;
  locale: 'en' | 'ru';
}> = [
  { login: 'owner', name: 'Olga Owner', role: 'owner', position: 'owner', locale: 'en' },
  { login: 'manager', name: 'Maxim Manager', role: 'manager', position: 'manager', locale: 'en' },
  { login: 'foreman', name: 'Fyodor Kuznetsov', role: 'foreman', position: 'foreman', locale: 'ru' },
  { login: 'advisor', name: 'Anna Smirnova', role: 'advisor', position: 'advisor', locale: 'en' },
  { login: 'advisor2', name: 'Pavel Volkov', role: 'advisor', position: 'advisor', locale: 'ru' },
  {
    login: 'storekeeper',
    name: 'Svetlana Popova',
    role: 'storekeeper',
    position: 'storekeeper',
    locale: 'en',
  },
];

export const DEMO_LOGINS = USERS.map(({ login, role }) => ({ login, role }));

/** Eight mechanics with badges; the simulated shop floor taps these UIDs. */
export const DEMO_MECHANICS = [
  { name: 'Ivan Petrov', uid: '04A1B2C3D4E501' },
  { name: 'Sergey Sokolov', uid: '04A1B2C3D4E502' },
  { name: 'Dmitry Morozov', uid: '04A1B2C3D4E503' },
  { name: 'Alexey Novikov', uid: '04A1B2C3D4E504' },
  { name: 'Nikolai Fedorov', uid: '04A1B2C3D4E505' },
  { name: 'Andrey Lebedev', uid: '04A1B2C3D4E506' },
  { name: 'Mikhail Kozlov', uid: '04A1B2C3D4E507' },
  { name: 'Yuri Egorov', uid: '04A1B2C3D4E508' },
];

export interface SeededPeople {
  mechanics: Staff[];
}

export async function seedPeople(cx: CommandContext, _ctx: { lifts: Lift[] }): Promise<SeededPeople> {
  for (const u of USERS) {
    const user = await createUser(cx, {
      login: u.login,
      displayName: u.name,
      role: u.role,
      locale: u.locale,
      password: DEMO_PASSWORD,
    });
    await createStaff(cx, { fullName: u.name, position: u.position, userId: user.id });
  }
  const mechanics: Staff[] = [];
  for (const m of DEMO_MECHANICS) {
    const staff = await createStaff(cx, { fullName: m.name, position: 'mechanic' });
    await assignBadge(cx, staff.id, m.uid);
    mechanics.push(staff);
  }
  return { mechanics };
}
