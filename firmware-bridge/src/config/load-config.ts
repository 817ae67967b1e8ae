import { bridgeConfigSchema, type BridgeConfig } from './config-schema.ts';
import { ENV_KEYS, readEnvOverrides } from './env-overrides.ts';

/** A configuration problem; the message lists every problem, each naming its variable or file key. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The bridge configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface ConfigSources {
  env: Record<string, string | undefined>;
  /** The parsed JSON file, if one is used, and its path (for messages). */
  file?: { path: string; content: unknown };
}

/**
 * The JSON file's keys, then the PITWALL_BRIDGE_* variables on top (the environment wins), validated
 * as one object. Pure: the caller reads the file.
 */
export function resolveConfig({ env, file }: ConfigSources): BridgeConfig {
  const problems: string[] = [];
  let raw: Record<string, unknown> = {};
  if (file) {
    if (typeof file.content !== 'object' || file.content === null || Array.isArray(file.content)) {
      throw new ConfigError([`${file.path}: must contain a JSON object`]);
    }
    raw = structuredClone(file.content as Record<string, unknown>);
  }
  const overrides = readEnvOverrides(env);
  problems.push(...overrides.errors);
  for (const [key, value] of Object.entries(overrides.values)) setDotted(raw, key, value);

  const result = bridgeConfigSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push(`${describeKey(issue.path, overrides.sources, file?.path)}: ${issue.message}`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return result.data!;
}

function describeKey(
  path: PropertyKey[],
  sources: Record<string, string>,
  filePath: string | undefined,
): string {
  const dotted = path.map(String).join('.');
  // A path into a list (readers.0.id) comes from the list's variable when the environment set it.
  const source = Object.keys(sources).find((key) => dotted === key || dotted.startsWith(`${key}.`));
  if (source) {
    const rest = dotted.slice(source.length + 1);
    return rest ? `${sources[source]} (${describeListItem(rest)})` : sources[source]!;
  }
  const envName = Object.entries(ENV_KEYS).find(([, key]) => key === dotted)?.[0];
  const where = filePath ? ` in ${filePath}` : '';
  if (!dotted) return filePath ?? 'configuration';
  return envName ? `${envName} (or "${dotted}"${where})` : `"${dotted}"${where}`;
}

function describeListItem(rest: string): string {
  const [index, ...field] = rest.split('.');
  return `item ${Number(index) + 1}${field.length ? `, ${field.join('.')}` : ''}`;
}

function setDotted(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}
