import type { Sequelize } from 'sequelize';

export interface ProgressFields {
  status?: string;
  bytesRead?: number;
  rowsRead?: number;
  rowsTotal?: number;
  rowsWritten?: number;
}

const COLUMNS: Record<keyof ProgressFields, string> = {
  status: 'status',
  bytesRead: 'bytes_read',
  rowsRead: 'rows_read',
  rowsTotal: 'rows_total',
  rowsWritten: 'rows_written',
};

/**
 * Writes an import's progress to its job row for the desk to poll — outside the import's own
 * transaction (which is invisible until it commits), at most a few times a second.
 */
export class ImportProgress {
  private pending: ProgressFields = {};
  private lastWrite = 0;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly jobId: string,
    private readonly intervalMs = 250,
  ) {}

  async report(fields: ProgressFields, force = false): Promise<void> {
    Object.assign(this.pending, fields);
    const now = Date.now();
    if (!force && now - this.lastWrite < this.intervalMs) return;
    this.lastWrite = now;
    const set = Object.keys(this.pending).map((k) => `${COLUMNS[k as keyof ProgressFields]} = :${k}`);
    const replacements = { ...this.pending, id: this.jobId };
    this.pending = {};
    await this.sequelize.query(
      `UPDATE import_jobs SET ${[...set, 'heartbeat_at = now()'].join(', ')} WHERE id = :id`,
      { replacements },
    );
  }
}
