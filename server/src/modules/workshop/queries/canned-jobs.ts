import { Op, type WhereOptions } from 'sequelize';
import type { Page } from '../../../contracts/dto.ts';
import type { CannedJobDto } from '../../../contracts/workshop.ts';
import { notFound } from '../../../platform/errors.ts';
import { CannedJob, CannedJobLine } from '../models/index.ts';
import { presentCannedJob } from '../workshop.presenter.ts';

export async function getCannedJob(id: string): Promise<CannedJobDto> {
  const job = await CannedJob.findByPk(id);
  if (!job) throw notFound('Canned job');
  return presentCannedJob(job, await CannedJobLine.findAll({ where: { cannedJobId: id } }));
}

export async function listCannedJobs(q: {
  q?: string;
  active?: 'true' | 'false';
  offset: number;
  limit: number;
}): Promise<Page<CannedJobDto>> {
  const where: WhereOptions = {};
  if (q.active) Object.assign(where, { active: q.active === 'true' });
  if (q.q) Object.assign(where, { name: { [Op.iLike]: `%${q.q.replace(/[\\%_]/g, (c) => '\\' + c)}%` } });
  const { rows, count } = await CannedJob.findAndCountAll({
    where,
    order: [['name', 'ASC']],
    offset: q.offset,
    limit: q.limit,
  });
  const lines = rows.length
    ? await CannedJobLine.findAll({ where: { cannedJobId: rows.map((r) => r.id) } })
    : [];
  return {
    items: rows.map((r) =>
      presentCannedJob(
        r,
        lines.filter((l) => l.cannedJobId === r.id),
      ),
    ),
    total: count,
    offset: q.offset,
    limit: q.limit,
  };
}
