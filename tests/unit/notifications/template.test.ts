import { describe, expect, it } from 'vitest';
import {
  checkTemplate,
  parseTemplate,
  renderTemplate,
  TemplateSyntaxError,
  variablesOf,
  type RenderContext,
  type VariableValue,
} from '../../../server/src/modules/notifications/rules/template.ts';
import {
  MESSAGE_KINDS,
  variablesOfKind,
} from '../../../server/src/modules/notifications/rules/message-kinds.ts';

const en: RenderContext = { locale: 'en', timeZone: 'Europe/Moscow', currency: 'RUB', plainSpaces: true };
const ru: RenderContext = { locale: 'ru', timeZone: 'Europe/Moscow', currency: 'RUB' };
const at = new Date('2026-03-12T06:30:00Z'); // 09:30 in Moscow
const values: Record<string, VariableValue> = {
  customerName: { type: 'text', value: 'Anna' },
  amountDue: { type: 'money', minor: 1_254_050 },
  pointsBalance: { type: 'number', value: 340 },
  date: { type: 'date', at },
  time: { type: 'time', at },
  partsList: { type: 'list', items: ['Oil filter', 'Pads'] },
  nothing: null,
  zero: { type: 'number', value: 0 },
};

describe('template rendering', () => {
  it('fills variables, with whitespace inside the braces allowed', () => {
    expect(renderTemplate('Hello, {{customerName}}! {{ customerName }}.', values, en)).toBe(
      'Hello, Anna! Anna.',
    );
  });

  it.each([
    ['money (en)', '{{amountDue}}', en, 'RUB 12,540.50'],
    ['money (ru) with plain spaces for SMS', '{{amountDue}}', { ...ru, plainSpaces: true }, '12 540,50 ₽'],
    ['whole money without kopecks', '{{m}}', en, 'RUB 1,500'],
    ['date (en) in the station time zone', '{{date}}', en, '12 March'],
    ['date (ru)', '{{date}}', ru, '12 марта'],
    ['time, 24-hour', '{{time}}', en, '09:30'],
    ['number (ru) groups digits', '{{big}}', { ...ru, plainSpaces: true }, '12 345'],
    ['list', '{{partsList}}', en, 'Oil filter, Pads'],
    ['a variable without a value renders as nothing', '[{{nothing}}]', en, '[]'],
  ])('%s', (_name, source, cx, expected) => {
    const all = {
      ...values,
      m: { type: 'money', minor: 150_000 },
      big: { type: 'number', value: 12345 },
    } as Record<string, VariableValue>;
    expect(renderTemplate(source, all, cx)).toBe(expected);
  });

  it('keeps a section only when its variable has a value', () => {
    const source =
      'Due {{amountDue}}.{{#pointsBalance}} Points: {{pointsBalance}}.{{/pointsBalance}}{{^pointsBalance}} No points.{{/pointsBalance}}';
    expect(renderTemplate(source, values, en)).toBe('Due RUB 12,540.50. Points: 340.');
    expect(renderTemplate(source, { ...values, pointsBalance: { type: 'number', value: 0 } }, en)).toBe(
      'Due RUB 12,540.50. No points.',
    );
    expect(
      renderTemplate('{{#nothing}}x{{/nothing}}{{#zero}}y{{/zero}}{{#partsList}}z{{/partsList}}', values, en),
    ).toBe('z');
  });

  it('plain spaces replace the no-break spaces of Intl for SMS', () => {
    const text = renderTemplate('{{amountDue}}', values, { ...ru, plainSpaces: true });
    expect(text).not.toMatch(/[\u00a0\u202f]/);
    expect(renderTemplate('{{amountDue}}', values, ru)).toMatch(/[\u00a0\u202f]/);
    expect(renderTemplate('{{amountDue}}', values, { ...en, plainSpaces: false })).toBe('RUB\u00a012,540.50');
  });

  it('lists the variables a template uses, sections included', () => {
    expect(variablesOf(parseTemplate('{{a}} {{#b}}{{c}}{{/b}} {{a}}'))).toEqual(['a', 'b', 'c']);
  });
});

describe('template validation', () => {
  const allowed = variablesOfKind('car_ready');

  it('accepts the variables of the message kind', () => {
    expect(
      checkTemplate(
        '{{customerName}}: {{amountDue}} {{#pointsBalance}}{{pointsBalance}}{{/pointsBalance}}',
        allowed,
      ),
    ).toBeNull();
  });

  it('refuses an unknown variable and names it', () => {
    expect(checkTemplate('Hi {{customerName}}, pay {{amountDeu}}', allowed)).toMatchObject({
      problem: 'unknown_variable',
      variable: 'amountDeu',
    });
    expect(checkTemplate('{{#surveyLink}}x{{/surveyLink}}', allowed)).toMatchObject({
      variable: 'surveyLink',
    });
  });

  it.each([
    ['Hello {{name', /never closed/],
    ['{{#a}}x', /\{\{#a\}\} is never closed/],
    ['x{{/a}}', /closes nothing/],
    ['{{#a}}x{{/b}}', /closes \{\{#a\}\}/],
    ['{{ not a var }}', /is not a variable/],
    ['{{1abc}}', /is not a variable/],
  ])('refuses the syntax of %j', (source, message) => {
    expect(() => parseTemplate(source)).toThrow(TemplateSyntaxError);
    expect(() => parseTemplate(source)).toThrow(message);
    expect(checkTemplate(source, ['a', 'b', 'name'])).toMatchObject({ problem: 'syntax' });
  });

  it('leaves single braces alone', () => {
    expect(renderTemplate('{"a": {x}}', {}, en)).toBe('{"a": {x}}');
  });

  it('every kind offers the station variables and only variables of the catalogue', () => {
    for (const kind of Object.keys(MESSAGE_KINDS) as Array<keyof typeof MESSAGE_KINDS>) {
      expect(variablesOfKind(kind)).toContain('stationName');
    }
  });
});
