import { describe, expect, it } from 'vitest';
import {
  rateBudget,
  retryDelaySeconds,
  shouldRetry,
} from '../../../server/src/modules/notifications/rules/retry.ts';
import {
  conditionHolds,
  conditionProblem,
  conditionsHold,
} from '../../../server/src/modules/notifications/rules/conditions.ts';
import { consentAllows, isOptOutReply } from '../../../server/src/modules/notifications/rules/consent.ts';
import { dedupKey } from '../../../server/src/modules/notifications/rules/dedup.ts';
import {
  buildGatewayRequest,
  checkGatewayTemplate,
} from '../../../server/src/modules/notifications/rules/gateway-request.ts';

describe('retries with exponential backoff', () => {
  const policy = { baseSeconds: 60, maxSeconds: 3600 };
  it.each([
    [1, 60],
    [2, 120],
    [3, 240],
    [4, 480],
    [6, 1920],
    [7, 3600],
    [20, 3600],
  ])('attempt %i waits %i s (no jitter)', (attempt, seconds) => {
    expect(retryDelaySeconds(attempt, policy, 0.5)).toBe(seconds);
  });

  it('jitters by at most ±20 %', () => {
    expect(retryDelaySeconds(2, policy, 0)).toBe(96);
    expect(retryDelaySeconds(2, policy, 1)).toBe(144);
  });

  it('retries until the attempts run out', () => {
    expect(shouldRetry(1, 3)).toBe(true);
    expect(shouldRetry(2, 3)).toBe(true);
    expect(shouldRetry(3, 3)).toBe(false);
  });

  it('counts sends in the last 60 seconds against the per-minute limit', () => {
    const now = new Date('2026-01-01T12:00:00Z');
    const ago = (s: number) => new Date(now.getTime() - s * 1000);
    expect(rateBudget(6, [], now)).toBe(6);
    expect(rateBudget(6, [ago(1), ago(30), ago(59)], now)).toBe(3);
    expect(rateBudget(6, [ago(60), ago(61), ago(120)], now)).toBe(6);
    expect(rateBudget(2, [ago(1), ago(2), ago(3)], now)).toBe(0);
  });
});

describe('rule conditions', () => {
  const event = {
    type: 'order.status_changed',
    to: 'done',
    from: 'in_work',
    amount: 0,
    nested: { flag: true },
    none: null,
  };
  it.each([
    [{ field: 'to', op: 'eq', value: 'done' }, true],
    [{ field: 'to', op: 'eq', value: 'closed' }, false],
    [{ field: 'to', op: 'ne', value: 'closed' }, true],
    [{ field: 'to', op: 'in', value: ['done', 'handed_over'] }, true],
    [{ field: 'from', op: 'not_in', value: ['done'] }, true],
    [{ field: 'nested.flag', op: 'eq', value: true }, true],
    [{ field: 'amount', op: 'eq', value: 0 }, true],
    [{ field: 'none', op: 'exists' }, false],
    [{ field: 'none', op: 'missing' }, true],
    [{ field: 'absent.deep', op: 'missing' }, true],
  ] as const)('%j → %s', (condition, expected) => {
    expect(conditionHolds(condition as never, event)).toBe(expected);
  });

  it('all conditions must hold; none always holds', () => {
    expect(conditionsHold([], event)).toBe(true);
    expect(
      conditionsHold(
        [
          { field: 'to', op: 'eq', value: 'done' },
          { field: 'from', op: 'eq', value: 'x' },
        ],
        event,
      ),
    ).toBe(false);
  });

  it.each([
    [{ field: 'to', op: 'in', value: 'done' }, /needs a list/],
    [{ field: 'to', op: 'eq' }, /needs one value/],
    [{ field: 'to', op: 'exists', value: 1 }, /takes no value/],
    [{ field: 'a b', op: 'exists' }, /not a field name/],
  ] as const)('refuses %j', (condition, message) => {
    expect(conditionProblem(condition as never)).toMatch(message);
  });
});

describe('consent and opt-out replies', () => {
  const consents = { smsService: true, smsMarketing: false, emailService: false, emailMarketing: true };
  it('checks channel and purpose separately', () => {
    expect(consentAllows(consents, 'sms', 'service')).toBe(true);
    expect(consentAllows(consents, 'sms', 'marketing')).toBe(false);
    expect(consentAllows(consents, 'email', 'service')).toBe(false);
    expect(consentAllows(consents, 'email', 'marketing')).toBe(true);
  });

  it.each([
    ['STOP', true],
    ['stop', true],
    ['Stop.', true],
    ['СТОП', true],
    ['стоп!', true],
    ['  Stop please', true],
    ['Отписаться', true],
    ['UNSUBSCRIBE', true],
    ['Please do not stop', false],
    ['Thanks!', false],
    ['', false],
    ['STOPPED', false],
  ])('%j opts out: %s', (text, expected) => {
    expect(isOptOutReply(text)).toBe(expected);
  });

  it('one key per kind, subject and channel', () => {
    expect(dedupKey('car_ready', 'o1', 'sms')).toBe('car_ready:o1:sms');
    expect(dedupKey('car_ready', 'o1', 'sms')).not.toBe(dedupKey('car_ready', 'o1', 'email'));
    expect(dedupKey('car_ready', null, 'sms')).toBeNull();
  });
});

describe('HTTP gateway request templates', () => {
  const template = {
    url: 'http://10.0.0.5:8080/send?to={{to}}&text={{text}}',
    method: 'POST' as const,
    headers: { Authorization: 'Bearer {{token}}', 'Content-Type': 'application/json' },
    bodyTemplate: '{"phone": "{{to}}", "message": {{textJson}}, "id": "{{messageId}}"}',
  };

  it('fills the URL (escaped), headers and the JSON body', () => {
    const request = buildGatewayRequest(template, {
      to: '+79161234567',
      text: 'Готов "A"\nok',
      messageId: 'm1',
      token: 's3cret',
    });
    expect(request.url).toBe(
      'http://10.0.0.5:8080/send?to=%2B79161234567&text=%D0%93%D0%BE%D1%82%D0%BE%D0%B2%20%22A%22%0Aok',
    );
    expect(request.headers.Authorization).toBe('Bearer s3cret');
    expect(JSON.parse(request.body!)).toEqual({ phone: '+79161234567', message: 'Готов "A"\nok', id: 'm1' });
  });

  it('a GET has no body', () => {
    expect(
      buildGatewayRequest(
        { ...template, method: 'GET' },
        { to: '+1', text: 'x', messageId: 'm', token: null },
      ).body,
    ).toBeNull();
  });

  it('refuses an unknown variable and says where', () => {
    expect(checkGatewayTemplate({ ...template, bodyTemplate: '{"m": {{message}}}' })).toMatchObject({
      field: 'gateway.bodyTemplate',
      problem: { problem: 'unknown_variable', variable: 'message' },
    });
    expect(checkGatewayTemplate({ ...template, headers: { 'X-Key': '{{apiKey}}' } })).toMatchObject({
      field: 'gateway.headers.X-Key',
    });
    expect(checkGatewayTemplate(template)).toBeNull();
  });
});
