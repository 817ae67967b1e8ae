import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  /** Resolves with the output once `text` appears (or rejects when the process exits first). */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
  exited(): Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
}

const live = new Set<ChildProcessWithoutNullStreams>();

/** Kills every server a test started and did not stop (call from afterAll). */
export function killAllServers(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

/** Runs the real server entry point (what `npm start` runs) as a child process. */
export function spawnServer(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/main.ts')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      PITWALL_LOG_LEVEL: 'warn',
      PITWALL_SIMULATE: '0',
      ...env,
    },
  });
  live.add(child);
  child.on('exit', () => live.delete(child));
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited: () => exit,
    kill: (signal = 'SIGTERM') => void child.kill(signal),
    waitFor(text, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const matches = () => (typeof text === 'string' ? out.includes(text) : text.test(out));
        const timer = setTimeout(() => {
          clearInterval(poll);
          reject(new Error(`timed out waiting for ${text}; output so far:\n${out}`));
        }, timeoutMs);
        const poll = setInterval(() => {
          if (matches()) {
            clearInterval(poll);
            clearTimeout(timer);
            resolve(out);
          }
        }, 50);
        void exit.then((code) => {
          setTimeout(() => {
            if (matches()) return;
            clearInterval(poll);
            clearTimeout(timer);
            reject(new Error(`server exited (${code}) before ${text}; output:\n${out}`));
          }, 100);
        });
      });
    },
  };
}
