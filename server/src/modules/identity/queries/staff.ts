import { Op, type WhereOptions } from 'sequelize';
import type { BadgeDto, Page, StaffDto } from '../../../contracts/dto.ts';
import type { StaffPosition } from '../../../contracts/roles.ts';
import { notFound } from '../../../platform/errors.ts';
import { Badge, Staff } from '../models/index.ts';
import { presentBadge, presentStaff } from '../identity.presenter.ts';

async function withActiveBadges(staff: Staff[]): Promise<StaffDto[]> {
  if (staff.length === 0) return [];
  const badges = await Badge.findAll({ where: { staffId: staff.map((s) => s.id), revokedAt: null } });
  const byStaff = new Map(badges.map((b) => [b.staffId, b]));
  return staff.map((s) => presentStaff(s, byStaff.get(s.id) ?? null));
}

export async function listStaff(q: {
  q?: string;
  position?: StaffPosition;
  active?: 'true' | 'false';
  offset: number;
  limit: number;
}): Promise<Page<StaffDto>> {
  const where: WhereOptions = {};
  if (q.position) Object.assign(where, { position: q.position });
  if (q.active) Object.assign(where, { active: q.active === 'true' });
  if (q.q) Object.assign(where, { fullName: { [Op.iLike]: `%${q.q.replace(/[\\%_]/g, (c) => '\\' + c)}%` } });
  const { rows, count } = await Staff.findAndCountAll({
    where,
    order: [['fullName', 'ASC']],
    offset: q.offset,
    limit: q.limit,
  });
  return { items: await withActiveBadges(rows), total: count, offset: q.offset, limit: q.limit };
}

export async function getStaff(id: string): Promise<StaffDto> {
  const staff = await Staff.findByPk(id);
  if (!staff) throw notFound('Staff member');
  return (await withActiveBadges([staff]))[0]!;
}

export async function badgeHistory(staffId: string): Promise<BadgeDto[]> {
  if (!(await Staff.findByPk(staffId))) throw notFound('Staff member');
  const badges = await Badge.findAll({ where: { staffId }, order: [['assignedAt', 'DESC']] });
  return badges.map(presentBadge);
}
