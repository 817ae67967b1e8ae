import type { GpioBias } from '../../config/config-schema.ts';

/**
 * Arguments and output of libgpiod's command-line tools (Debian package `gpiod`), which differ
 * between libgpiod 1.x (Debian 12) and 2.x (Debian 13):
 *   v1: gpiomon [-b] [-B bias] [-F fmt] <chip> <offset>      %e = 1 rising, 0 falling
 *   v2: gpiomon [-c chip] [-b bias] [-F fmt] <offset>         %e = 1 rising, 2 falling
 * Long options are used where both versions accept them.
 */
export type GpiodMajor = 1 | 2;

export function parseGpiodVersion(output: string): GpiodMajor | null {
  const match = /\bv(\d+)\.\d+/.exec(output);
  if (!match) return null;
  return Number(match[1]) >= 2 ? 2 : 1;
}

function biasArgs(bias: GpioBias): string[] {
  return bias === 'as-is' ? [] : [`--bias=${bias}`];
}

export function gpiogetArgs(major: GpiodMajor, chip: string, line: number, bias: GpioBias): string[] {
  if (major === 1) return [...biasArgs(bias), chip, String(line)];
  return ['--numeric', `--chip=${chip}`, ...biasArgs(bias), String(line)];
}

export function gpiomonArgs(major: GpiodMajor, chip: string, line: number, bias: GpioBias): string[] {
  if (major === 1) return ['--line-buffered', '--format=%e %o', ...biasArgs(bias), chip, String(line)];
  return [`--chip=${chip}`, '--format=%e %o', ...biasArgs(bias), String(line)];
}

/** One gpiomon output line → the line's new level (1 high, 0 low), or null for anything else. */
export function parseGpiomonLine(major: GpiodMajor, text: string, line: number): 0 | 1 | null {
  const match = /^\s*(\d)\s+(\d+)\s*$/.exec(text);
  if (!match || Number(match[2]) !== line) return null;
  const edge = match[1];
  if (edge === '1') return 1;
  if (edge === (major === 1 ? '0' : '2')) return 0;
  return null;
}

/** gpioget's output ("0"/"1", or v2's `"17"=active` without --numeric) → level. */
export function parseGpiogetOutput(text: string): 0 | 1 | null {
  const trimmed = text.trim();
  if (trimmed === '0' || /=inactive$/.test(trimmed)) return 0;
  if (trimmed === '1' || /=active$/.test(trimmed)) return 1;
  return null;
}
