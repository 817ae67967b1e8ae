import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { Staff } from '../../identity/models/index.ts';

async function loadMechanic(cx: CommandContext, staffId: string): Promise<Staff> {
  const staff = await Staff.findByPk(staffId, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  if (!staff) throw notFound('Staff member');
  if (staff.position !== 'mechanic' && staff.position !== 'foreman')
    throw conflict(`${staff.fullName} is not a mechanic`);
  return staff;
}

/** Replaces a mechanic's skills (job kinds with a level 1–3). */
export async function setSkills(
  cx: CommandContext,
  staffId: string,
  skills: ReadonlyArray<{ skill: string; level?: number }>,
): Promise<void> {
  await loadMechanic(cx, staffId);
  const names = skills.map((s) => s.skill);
  if (new Set(names).size !== names.length) throw badRequest('skills: a skill is listed twice', 'skills');
  await cx.sequelize.query(`DELETE FROM mechanic_skills WHERE staff_id = :staffId`, {
    replacements: { staffId },
    transaction: cx.tx,
  });
  for (const s of skills) {
    await cx.sequelize.query(
      `INSERT INTO mechanic_skills (staff_id, skill, level) VALUES (:staffId, :skill, :level)`,
      {
        replacements: { staffId, skill: s.skill, level: s.level ?? 2 },
        transaction: cx.tx,
      },
    );
  }
  await recordAudit(cx, {
    action: 'mechanic.skills_set',
    entityType: 'staff',
    entityId: staffId,
    after: skills,
  });
}

/** Replaces a mechanic's weekly shifts: one per ISO weekday, station-local times, not crossing midnight. */
export async function setShifts(
  cx: CommandContext,
  staffId: string,
  shifts: ReadonlyArray<{ weekday: number; startsAt: string; endsAt: string }>,
): Promise<void> {
  await loadMechanic(cx, staffId);
  const days = shifts.map((s) => s.weekday);
  if (new Set(days).size !== days.length) throw badRequest('shifts: a weekday is listed twice', 'shifts');
  for (const [i, s] of shifts.entries()) {
    if (s.endsAt <= s.startsAt)
      throw badRequest(
        `shifts.${i}.endsAt: must be after startsAt (a shift does not cross midnight)`,
        `shifts.${i}.endsAt`,
      );
  }
  await cx.sequelize.query(`DELETE FROM mechanic_shifts WHERE staff_id = :staffId`, {
    replacements: { staffId },
    transaction: cx.tx,
  });
  for (const s of shifts) {
    await cx.sequelize.query(
      `INSERT INTO mechanic_shifts (id, staff_id, weekday, starts_at, ends_at) VALUES (:id, :staffId, :weekday, :startsAt, :endsAt)`,
      {
        replacements: { id: newId(), staffId, weekday: s.weekday, startsAt: s.startsAt, endsAt: s.endsAt },
        transaction: cx.tx,
      },
    );
  }
  await recordAudit(cx, {
    action: 'mechanic.shifts_set',
    entityType: 'staff',
    entityId: staffId,
    after: shifts,
  });
  cx.emit({ type: 'mechanic.shifts_changed', staffId });
}
