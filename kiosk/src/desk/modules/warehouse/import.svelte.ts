import type { ImportJobDto, ImportPreviewDto, ImportRowErrorDto } from '$contracts/warehouse.ts';
import { errorMessage } from '$lib/api/error-message.ts';
import type { ImportKind } from '$lib/api/warehouse-api.ts';
import { wh } from './api.ts';

export type ImportStep = 'choose' | 'uploading' | 'preview' | 'running' | 'done';

const POLL_MS = 400;
export const ERRORS_PAGE = 25;

/**
 * The import on the desk: upload the file (with its upload progress), show the preview and the
 * column mapping, start it, follow the job's progress, then the row/column error report, paged.
 */
export class ImportFlow {
  kind = $state<ImportKind>('catalogue');
  step = $state<ImportStep>('choose');
  /** 0–100: the upload while uploading, the job's own percent while it runs. */
  percent = $state(0);
  preview = $state.raw<ImportPreviewDto | null>(null);
  mapping = $state<Record<string, string>>({});
  job = $state.raw<ImportJobDto | null>(null);
  errors = $state.raw<ImportRowErrorDto[]>([]);
  errorsTotal = $state(0);
  errorsOffset = $state(0);
  error = $state<string | null>(null);
  private timer: ReturnType<typeof setTimeout> | null = null;

  async upload(file: File): Promise<void> {
    this.reset();
    this.step = 'uploading';
    try {
      this.preview = await wh.imports.upload(this.kind, file, (f) => (this.percent = Math.round(f * 100)));
      // Every field gets an entry ('' = not in the file): a bound select needs a value.
      const suggested = this.preview.suggestedMapping;
      this.mapping = Object.fromEntries(this.preview.fields.map((f) => [f.field, suggested[f.field] ?? '']));
      this.job = this.preview.job;
      this.step = 'preview';
    } catch (err) {
      this.error = errorMessage(err);
      this.step = 'choose';
    }
  }

  /** Required fields without a column. */
  get missing(): string[] {
    return (this.preview?.fields ?? [])
      .filter((f) => f.required && !this.mapping[f.field])
      .map((f) => f.field);
  }

  async start(): Promise<void> {
    if (!this.preview || this.missing.length > 0) return;
    const mapping = Object.fromEntries(Object.entries(this.mapping).filter(([, column]) => column));
    try {
      this.job = await wh.imports.start(this.preview.job.id, mapping);
      this.step = 'running';
      this.percent = this.job.percent;
      this.follow();
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private follow(): void {
    this.timer = setTimeout(async () => {
      if (!this.job) return;
      try {
        const job = await wh.imports.get(this.job.id);
        this.job = job;
        this.percent = job.percent;
        if (job.status === 'validating' || job.status === 'writing' || job.status === 'uploaded') {
          this.follow();
          return;
        }
        this.step = 'done';
        if (job.errorCount > 0) await this.loadErrors(0);
      } catch (err) {
        this.error = errorMessage(err);
        this.follow();
      }
    }, POLL_MS);
  }

  async loadErrors(offset: number): Promise<void> {
    if (!this.job) return;
    try {
      const page = await wh.imports.errors(this.job.id, { offset, limit: ERRORS_PAGE });
      this.errors = page.items;
      this.errorsTotal = page.stored;
      this.errorsOffset = offset;
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  reset(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.step = 'choose';
    this.percent = 0;
    this.preview = null;
    this.mapping = {};
    this.job = null;
    this.errors = [];
    this.errorsTotal = 0;
    this.errorsOffset = 0;
    this.error = null;
  }
}
