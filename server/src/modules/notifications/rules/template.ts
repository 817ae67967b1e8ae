/**
 * The message template language: `{{name}}` inserts a variable, `{{#name}}…{{/name}}` keeps its
 * content only when the variable has a value (a non-empty text or list, a number other than zero),
 * `{{^name}}…{{/name}}` only when it has none. Nothing else: no code, no loops, no HTML.
 */

export type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'variable'; name: string }
  | { kind: 'section'; name: string; inverted: boolean; children: TemplateNode[] };

export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    public readonly position: number,
  ) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

const TAG = /\{\{\s*([#^/]?)\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/y;

export function parseTemplate(source: string): TemplateNode[] {
  const root: TemplateNode[] = [];
  const stack: Array<{ name: string; inverted: boolean; children: TemplateNode[]; at: number }> = [];
  let current = root;
  let text = '';
  let i = 0;
  const flush = () => {
    if (text) current.push({ kind: 'text', text });
    text = '';
  };
  while (i < source.length) {
    if (source.startsWith('{{', i)) {
      TAG.lastIndex = i;
      const m = TAG.exec(source);
      if (!m) {
        const end = source.indexOf('}}', i);
        const tag = end === -1 ? source.slice(i, i + 20) : source.slice(i, end + 2);
        throw new TemplateSyntaxError(
          end === -1 ? `"{{" at ${i} is never closed with "}}"` : `${tag} is not a variable (use {{name}})`,
          i,
        );
      }
      flush();
      const [, sigil, name] = m as unknown as [string, string, string];
      if (sigil === '#' || sigil === '^') {
        const children: TemplateNode[] = [];
        stack.push({ name, inverted: sigil === '^', children, at: i });
        current = children;
      } else if (sigil === '/') {
        const open = stack.pop();
        if (!open) throw new TemplateSyntaxError(`{{/${name}}} closes nothing`, i);
        if (open.name !== name) throw new TemplateSyntaxError(`{{/${name}}} closes {{#${open.name}}}`, i);
        const parent = stack.at(-1)?.children ?? root;
        parent.push({ kind: 'section', name, inverted: open.inverted, children: open.children });
        current = parent;
      } else {
        current.push({ kind: 'variable', name });
      }
      i = TAG.lastIndex;
    } else {
      text += source[i];
      i += 1;
    }
  }
  flush();
  const unclosed = stack.pop();
  if (unclosed) throw new TemplateSyntaxError(`{{#${unclosed.name}}} is never closed`, unclosed.at);
  return root;
}

/** Every variable name the template uses, in order of first use. */
export function variablesOf(nodes: readonly TemplateNode[]): string[] {
  const seen = new Set<string>();
  const walk = (list: readonly TemplateNode[]) => {
    for (const node of list) {
      if (node.kind === 'variable') seen.add(node.name);
      if (node.kind === 'section') {
        seen.add(node.name);
        walk(node.children);
      }
    }
  };
  walk(nodes);
  return [...seen];
}

export type TemplateProblem =
  | { problem: 'syntax'; message: string; position: number }
  | { problem: 'unknown_variable'; variable: string; message: string };

/** Refuses a template that does not parse or uses a variable the message kind does not offer. */
export function checkTemplate(source: string, allowed: readonly string[]): TemplateProblem | null {
  let nodes: TemplateNode[];
  try {
    nodes = parseTemplate(source);
  } catch (err) {
    if (err instanceof TemplateSyntaxError)
      return { problem: 'syntax', message: err.message, position: err.position };
    throw err;
  }
  const unknown = variablesOf(nodes).find((name) => !allowed.includes(name));
  if (unknown) {
    return {
      problem: 'unknown_variable',
      variable: unknown,
      message: `unknown variable {{${unknown}}}; this message may use ${allowed.map((v) => `{{${v}}}`).join(', ')}`,
    };
  }
  return null;
}

export type VariableValue =
  | { type: 'text'; value: string }
  | { type: 'number'; value: number }
  | { type: 'money'; minor: number }
  | { type: 'date' | 'time' | 'datetime'; at: Date }
  | { type: 'list'; items: string[] }
  | null;

export interface RenderContext {
  locale: 'en' | 'ru';
  timeZone: string;
  currency: string;
  /** SMS texts get plain spaces instead of the no-break spaces Intl puts in numbers and dates. */
  plainSpaces?: boolean;
}

const INTL_LOCALE = { en: 'en-GB', ru: 'ru-RU' } as const;

export function minorDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

export function formatValue(value: VariableValue, cx: RenderContext): string {
  if (value === null) return '';
  const locale = INTL_LOCALE[cx.locale];
  switch (value.type) {
    case 'text':
      return value.value;
    case 'number':
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value.value);
    case 'money': {
      const digits = minorDigits(cx.currency);
      return new Intl.NumberFormat(locale, {
        style: 'currency',
        currency: cx.currency,
        minimumFractionDigits: value.minor % 10 ** digits === 0 ? 0 : digits,
        maximumFractionDigits: digits,
      }).format(value.minor / 10 ** digits);
    }
    case 'date':
      return new Intl.DateTimeFormat(locale, { timeZone: cx.timeZone, day: 'numeric', month: 'long' }).format(
        value.at,
      );
    case 'time':
      return new Intl.DateTimeFormat(locale, {
        timeZone: cx.timeZone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(value.at);
    case 'datetime':
      return new Intl.DateTimeFormat(locale, {
        timeZone: cx.timeZone,
        day: 'numeric',
        month: 'long',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(value.at);
    case 'list':
      return value.items.join(', ');
  }
}

function present(value: VariableValue | undefined): boolean {
  if (value === null || value === undefined) return false;
  switch (value.type) {
    case 'text':
      return value.value.trim() !== '';
    case 'number':
      return value.value !== 0;
    case 'money':
      return value.minor !== 0;
    case 'list':
      return value.items.length > 0;
    default:
      return true;
  }
}

/** Renders parsed nodes; a variable without a value renders as nothing. */
export function renderNodes(
  nodes: readonly TemplateNode[],
  values: Readonly<Record<string, VariableValue>>,
  cx: RenderContext,
): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'variable') out += formatValue(values[node.name] ?? null, cx);
    else if (present(values[node.name]) !== node.inverted) out += renderNodes(node.children, values, cx);
  }
  return cx.plainSpaces ? out.replace(/[\u00a0\u202f\u2007]/g, ' ') : out;
}

export function renderTemplate(
  source: string,
  values: Readonly<Record<string, VariableValue>>,
  cx: RenderContext,
): string {
  return renderNodes(parseTemplate(source), values, cx);
}
