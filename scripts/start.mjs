#!/usr/bin/env node
// `npm start`: builds the web apps when they are missing or older than their sources, then runs the server.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'kiosk', 'dist', 'index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const sources = [path.join(root, 'kiosk', 'src'), path.join(root, 'server', 'src', 'contracts')];
const stale =
  !existsSync(dist) || sources.some((dir) => existsSync(dir) && newestMtime(dir) > statSync(dist).mtimeMs);
if (stale && !process.env.PITWALL_SKIP_BUILD) {
  console.log('Building the web apps (desk, board, lift kiosk)…');
  const build = spawnSync('npm', ['run', 'build', '-w', 'kiosk'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// The server runs in a process group of its own: Ctrl+C in the terminal signals the whole foreground
// group, and the embedded PostgreSQL would stop at once, under the server's graceful shutdown. The
// signal is forwarded to the server only, which stops its database last.
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'src', 'main.ts')], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
  detached: true,
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
process.on('exit', () => child.exitCode === null && child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
