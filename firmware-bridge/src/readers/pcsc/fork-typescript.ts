import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** execArgv for forking a .ts entry point: Node loads tsx first (a runtime dependency of the bridge). */
export function typescriptExecArgv(entry: string): string[] {
  if (!entry.endsWith('.ts')) return [];
  const tsx = createRequire(import.meta.url).resolve('tsx');
  return ['--import', pathToFileURL(tsx).href];
}
