import PgBoss from 'pg-boss';
import type { Logger } from './logger.ts';

export interface JobDefinition<T extends object = object> {
  name: string;
  /** A cron expression in the station's time zone for recurring jobs. */
  cron?: string;
  handler: (data: T) => Promise<void>;
  retryLimit?: number;
}

/**
 * Background and scheduled work on pg-boss: jobs live in PostgreSQL (schema `pgboss`), so a reminder
 * survives a restart or a power cut and runs once even if two processes ever share the database.
 */
export class JobRunner {
  private boss: PgBoss | null = null;
  private readonly definitions: JobDefinition[] = [];
  private running = false;

  constructor(
    private readonly connectionString: string,
    private readonly timezone: string,
    private readonly logger: Logger,
  ) {}

  define<T extends object>(definition: JobDefinition<T>): void {
    if (this.running) throw new Error(`Job ${definition.name} must be defined before the runner starts`);
    this.definitions.push(definition as unknown as JobDefinition);
  }

  async start(): Promise<void> {
    const boss = new PgBoss({
      connectionString: this.connectionString,
      schema: 'pgboss',
      max: 4,
      application_name: 'pitwall-jobs',
    });
    boss.on('error', (err) => this.logger.error({ err }, 'job runner error'));
    await boss.start();
    for (const def of this.definitions) {
      await boss.createQueue(def.name, {
        name: def.name,
        retryLimit: def.retryLimit ?? 3,
        retryBackoff: true,
      });
      await boss.work<object>(def.name, async (jobs) => {
        for (const job of jobs) await def.handler(job.data);
      });
      if (def.cron) await boss.schedule(def.name, def.cron, {}, { tz: this.timezone });
    }
    this.boss = boss;
    this.running = true;
    this.logger.info({ jobs: this.definitions.map((d) => d.name) }, 'job runner started');
  }

  async send(name: string, data: object, options: PgBoss.SendOptions = {}): Promise<string | null> {
    if (!this.boss) throw new Error('The job runner is not started');
    return this.boss.send(name, data, options);
  }

  isRunning(): boolean {
    return this.running;
  }

  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.boss) return;
    this.running = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
    this.boss = null;
  }
}
