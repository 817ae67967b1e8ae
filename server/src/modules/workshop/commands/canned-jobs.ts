import { QueryTypes } from 'sequelize';
import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { CannedJob, CannedJobLine } from '../models/index.ts';
import type { CannedJobInput, CannedLineInput } from '../workshop.schemas.ts';

async function nameTaken(cx: CommandContext, name: string, exceptId: string | null): Promise<void> {
  const [row] = await cx.sequelize.query<{ id: string }>(
    `SELECT id FROM canned_jobs WHERE lower(name) = lower(:name)`,
    {
      replacements: { name },
      type: QueryTypes.SELECT,
      transaction: cx.tx,
    },
  );
  if (row && row.id !== exceptId)
    throw conflict(`A canned job named "${name}" already exists`, undefined, 'name');
}

async function insertLines(
  cx: CommandContext,
  cannedJobId: string,
  lines: readonly CannedLineInput[],
): Promise<void> {
  for (const [i, line] of lines.entries()) {
    const common = { id: newId(), cannedJobId, position: i + 1, lineType: line.lineType, name: line.name };
    if (line.lineType === 'job') {
      await CannedJobLine.create(
        {
          ...common,
          jobKind: line.jobKind ?? null,
          normSeconds: line.normSeconds ?? 0,
          pricing: line.pricing,
          ratePerHourMinor: line.pricing === 'hourly' ? line.ratePerHourMinor : null,
          fixedPriceMinor: line.pricing === 'fixed' ? line.fixedPriceMinor : null,
        },
        { transaction: cx.tx },
      );
    } else {
      await CannedJobLine.create(
        {
          ...common,
          partId: line.partId ?? null,
          sku: line.sku ?? null,
          quantity: line.quantity,
          unit: line.unit ?? 'pcs',
          unitPriceMinor: line.unitPriceMinor,
        },
        { transaction: cx.tx },
      );
    }
  }
}

export async function createCannedJob(cx: CommandContext, input: CannedJobInput): Promise<CannedJob> {
  await nameTaken(cx, input.name, null);
  const job = await CannedJob.create(
    {
      id: newId(),
      name: input.name,
      description: input.description ?? null,
      active: input.active ?? true,
      createdAt: cx.now,
      updatedAt: cx.now,
    },
    { transaction: cx.tx },
  );
  await insertLines(cx, job.id, input.lines);
  await recordAudit(cx, {
    action: 'canned_job.created',
    entityType: 'canned_job',
    entityId: job.id,
    after: input,
  });
  return job;
}

export async function updateCannedJob(
  cx: CommandContext,
  id: string,
  input: Partial<CannedJobInput>,
): Promise<CannedJob> {
  const job = await CannedJob.findByPk(id, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  if (!job) throw notFound('Canned job');
  if (input.name !== undefined) await nameTaken(cx, input.name, job.id);
  const before = { name: job.name, description: job.description, active: job.active };
  if (input.name !== undefined) job.name = input.name;
  if (input.description !== undefined) job.description = input.description;
  if (input.active !== undefined) job.active = input.active;
  job.updatedAt = cx.now;
  await job.save({ transaction: cx.tx });
  if (input.lines) {
    await CannedJobLine.destroy({ where: { cannedJobId: job.id }, transaction: cx.tx });
    await insertLines(cx, job.id, input.lines);
  }
  await recordAudit(cx, {
    action: 'canned_job.updated',
    entityType: 'canned_job',
    entityId: job.id,
    before,
    after: input,
  });
  return job;
}

/** Orders that used the package keep their lines; they only lose the link to it. */
export async function deleteCannedJob(cx: CommandContext, id: string): Promise<void> {
  const job = await CannedJob.findByPk(id, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  if (!job) throw notFound('Canned job');
  await job.destroy({ transaction: cx.tx });
  await recordAudit(cx, {
    action: 'canned_job.deleted',
    entityType: 'canned_job',
    entityId: id,
    before: { name: job.name },
  });
}
