import { Op, type WhereOptions } from 'sequelize';
import type { Page, UserDto } from '../../../contracts/dto.ts';
import type { Role } from '../../../contracts/roles.ts';
import { User } from '../models/index.ts';
import { presentUser } from '../identity.presenter.ts';

export async function listUsers(q: {
  q?: string;
  role?: Role;
  active?: 'true' | 'false';
  offset: number;
  limit: number;
}): Promise<Page<UserDto>> {
  const where: WhereOptions = {};
  if (q.role) Object.assign(where, { role: q.role });
  if (q.active) Object.assign(where, { active: q.active === 'true' });
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    Object.assign(where, {
      [Op.or]: [{ login: { [Op.iLike]: like } }, { displayName: { [Op.iLike]: like } }],
    });
  }
  const { rows, count } = await User.findAndCountAll({
    where,
    order: [['displayName', 'ASC']],
    offset: q.offset,
    limit: q.limit,
  });
  return { items: rows.map(presentUser), total: count, offset: q.offset, limit: q.limit };
}
