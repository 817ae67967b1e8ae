/** Whether an error is PostgreSQL's exclusion_violation (23P01): an EXCLUDE constraint refused overlapping rows. */
export function isExclusionViolation(err: unknown): boolean {
  const e = err as { name?: string; original?: { code?: string }; parent?: { code?: string } } | null;
  return (
    e?.name === 'SequelizeExclusionConstraintError' ||
    e?.original?.code === '23P01' ||
    e?.parent?.code === '23P01'
  );
}

export function constraintName(err: unknown): string | null {
  const e = err as {
    original?: { constraint?: string };
    parent?: { constraint?: string };
    constraint?: string;
  } | null;
  return e?.original?.constraint ?? e?.parent?.constraint ?? e?.constraint ?? null;
}
