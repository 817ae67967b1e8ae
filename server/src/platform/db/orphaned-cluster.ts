import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * After a crash or a power-cut-free kill of the server (SIGKILL), the embedded PostgreSQL it started
 * keeps running. We hold the data directory lock, so any postmaster on our cluster is an orphan:
 * ask it for a fast shutdown (SIGINT) and wait, so the new start can take the cluster over.
 */
export async function stopOrphanedCluster(
  clusterDir: string,
  log: Logger,
  timeoutMs = 30_000,
): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  const cmdline = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
  if (cmdline && !cmdline.includes('postgres')) return;
  log.warn({ pid }, 'stopping the embedded PostgreSQL left running by a previous server');
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid))
    throw new Error(`The embedded PostgreSQL of a previous run (pid ${pid}) did not stop; stop it by hand`);
}
