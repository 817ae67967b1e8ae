import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BRIDGE = fileURLToPath(new URL('../../../firmware-bridge/', import.meta.url));

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory()
        ? sources(join(dir, entry.name))
        : Promise.resolve(entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []),
    ),
  );
  return nested.flat();
}

describe('firmware-bridge packaging', () => {
  it('ships a copy of the MQTT contract identical to server/src/contracts', async () => {
    const result = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        [join(BRIDGE, 'scripts/sync-contract.mjs'), '--check'],
        (err, _stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
      ),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('loads nfc-pcsc only in the PC/SC worker and imports nothing from the server', async () => {
    const files = await sources(join(BRIDGE, 'src'));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      const name = relative(BRIDGE, file);
      if (name !== 'src/readers/pcsc/pcsc-worker.ts') expect(text, name).not.toMatch(/['"]nfc-pcsc['"]/);
      expect(text, name).not.toMatch(/from ['"](\.\.\/)+server\//);
    }
  });

  it('installs alone: runtime dependencies only, nfc-pcsc optional, its addon allowed to build', async () => {
    const pkg = JSON.parse(await readFile(join(BRIDGE, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, unknown>
    >;
    expect(Object.keys(pkg.dependencies!).sort()).toEqual(['mqtt', 'pino', 'tsx', 'zod']);
    expect(Object.keys(pkg.optionalDependencies!)).toEqual(['nfc-pcsc']);
    expect(pkg.devDependencies).toBeUndefined();
    expect(pkg.allowScripts).toMatchObject({ '@pokusew/pcsclite': true });
    expect(pkg.scripts!.start).toBe('node --import tsx src/cli/main.ts');
  });
});
