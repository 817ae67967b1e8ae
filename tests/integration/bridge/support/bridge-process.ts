import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { waitFor } from './test-broker.ts';

const CLI = fileURLToPath(new URL('../../../../firmware-bridge/src/cli/main.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The bridge CLI as a real child process (stdin for console commands, JSON log lines on stdout). */
export class BridgeProcess {
  readonly logs: Record<string, unknown>[] = [];
  readonly output: string[] = [];
  private readonly child: ChildProcess;
  readonly exited: Promise<number | null>;

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, ['--import', TSX, CLI], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let buffered = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        this.output.push(line);
        try {
          this.logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // a console reply, not a log line
        }
      }
    });
    this.child.stderr!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  command(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }

  async waitForLog(msg: string | RegExp, timeoutMs = 15_000): Promise<void> {
    const matches = (entry: Record<string, unknown>) =>
      typeof msg === 'string' ? entry.msg === msg : msg.test(String(entry.msg));
    await waitFor(
      () => this.logs.some(matches),
      `bridge log "${msg}"\n${this.output.slice(-20).join('\n')}`,
      timeoutMs,
    );
  }

  count(msg: string): number {
    return this.logs.filter((entry) => entry.msg === msg).length;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }
}
