import { checkTemplate, renderTemplate, type TemplateProblem, type VariableValue } from './template.ts';

/** What an HTTP SMS gateway's request template may use. */
export const GATEWAY_VARIABLES = ['to', 'text', 'textJson', 'textUrl', 'token', 'messageId'] as const;

export interface GatewayTemplate {
  url: string;
  method: 'GET' | 'POST' | 'PUT';
  headers: Record<string, string>;
  /** Ignored for GET. */
  bodyTemplate: string;
}

export interface GatewayRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | null;
}

export function checkGatewayTemplate(
  template: GatewayTemplate,
): { field: string; problem: TemplateProblem } | null {
  const fields: Array<[string, string]> = [
    ['gateway.url', template.url],
    ['gateway.bodyTemplate', template.bodyTemplate],
    ...Object.entries(template.headers).map(([name, value]): [string, string] => [
      `gateway.headers.${name}`,
      value,
    ]),
  ];
  for (const [field, source] of fields) {
    const problem = checkTemplate(source, GATEWAY_VARIABLES);
    if (problem) return { field, problem };
  }
  return null;
}

/** The request for one SMS: the templates filled with the number, the text (raw, JSON- and URL-escaped). */
export function buildGatewayRequest(
  template: GatewayTemplate,
  message: { to: string; text: string; messageId: string; token: string | null },
): GatewayRequest {
  const text = (value: string): VariableValue => ({ type: 'text', value });
  const values: Record<string, VariableValue> = {
    to: text(message.to),
    text: text(message.text),
    textJson: text(JSON.stringify(message.text)),
    textUrl: text(encodeURIComponent(message.text)),
    token: text(message.token ?? ''),
    messageId: text(message.messageId),
  };
  const cx = { locale: 'en' as const, timeZone: 'UTC', currency: 'EUR' };
  const urlValues = { ...values, to: text(encodeURIComponent(message.to)), text: values.textUrl! };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(template.headers))
    headers[name] = renderTemplate(value, values, cx);
  return {
    url: renderTemplate(template.url, urlValues, cx),
    method: template.method,
    headers,
    body: template.method === 'GET' ? null : renderTemplate(template.bodyTemplate, values, cx),
  };
}
