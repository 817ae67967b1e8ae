import { QueryTypes, type Sequelize } from 'sequelize';
import type { MechanicDto } from '../../../contracts/workshop.ts';
import { notFound } from '../../../platform/errors.ts';

/** Mechanics (and foremen, who also work on cars) with their skills and weekly shifts. */
export async function listMechanics(
  sequelize: Sequelize,
  q: { staffId?: string; active?: boolean } = {},
): Promise<MechanicDto[]> {
  const conditions = [`s.position IN ('mechanic', 'foreman')`];
  const replacements: Record<string, unknown> = {};
  if (q.staffId) {
    conditions.push('s.id = :staffId');
    replacements.staffId = q.staffId;
  }
  if (q.active !== undefined) {
    conditions.push('s.active = :active');
    replacements.active = q.active;
  }
  const staff = await sequelize.query<{ id: string; full_name: string; active: boolean }>(
    `SELECT s.id, s.full_name, s.active FROM staff s WHERE ${conditions.join(' AND ')} ORDER BY s.full_name`,
    { replacements, type: QueryTypes.SELECT },
  );
  if (staff.length === 0) return [];
  const ids = staff.map((s) => s.id);
  const [skills, shifts] = await Promise.all([
    sequelize.query<{ staff_id: string; skill: string; level: number }>(
      `SELECT staff_id, skill, level FROM mechanic_skills WHERE staff_id IN (:ids) ORDER BY skill`,
      {
        replacements: { ids },
        type: QueryTypes.SELECT,
      },
    ),
    sequelize.query<{ staff_id: string; weekday: number; starts_at: string; ends_at: string }>(
      `SELECT staff_id, weekday, to_char(starts_at, 'HH24:MI') AS starts_at, to_char(ends_at, 'HH24:MI') AS ends_at FROM mechanic_shifts WHERE staff_id IN (:ids) ORDER BY weekday`,
      { replacements: { ids }, type: QueryTypes.SELECT },
    ),
  ]);
  return staff.map((s) => ({
    staffId: s.id,
    fullName: s.full_name,
    active: s.active,
    skills: skills.filter((k) => k.staff_id === s.id).map((k) => ({ skill: k.skill, level: k.level })),
    shifts: shifts
      .filter((k) => k.staff_id === s.id)
      .map((k) => ({ weekday: k.weekday, startsAt: k.starts_at, endsAt: k.ends_at })),
  }));
}

export async function getMechanic(sequelize: Sequelize, staffId: string): Promise<MechanicDto> {
  const [found] = await listMechanics(sequelize, { staffId });
  if (!found) throw notFound('Mechanic');
  return found;
}
