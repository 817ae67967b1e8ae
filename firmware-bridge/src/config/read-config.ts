import { existsSync, readFileSync } from 'node:fs';
import type { BridgeConfig } from './config-schema.ts';
import { ConfigError, resolveConfig } from './load-config.ts';

export const DEFAULT_CONFIG_PATH = '/etc/pitwall-bridge/config.json';

/**
 * Reads the configuration: the JSON file named by `--config`, PITWALL_BRIDGE_CONFIG, or
 * /etc/pitwall-bridge/config.json when it exists; then the environment overrides.
 */
export function readConfig(
  env: Record<string, string | undefined>,
  explicitPath?: string,
): { config: BridgeConfig; path: string | null } {
  const named = explicitPath ?? env.PITWALL_BRIDGE_CONFIG;
  const path = named ?? (existsSync(DEFAULT_CONFIG_PATH) ? DEFAULT_CONFIG_PATH : null);
  if (!path) return { config: resolveConfig({ env }), path: null };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError([
      `${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    ]);
  }
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (err) {
    throw new ConfigError([`${path}: is not valid JSON (${(err as Error).message})`]);
  }
  return { config: resolveConfig({ env, file: { path, content } }), path };
}
