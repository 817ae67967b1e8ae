import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../support/api-client.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
beforeAll(async () => {
  station = await startTestStation({ env: { PITWALL_LOGIN_FAILURES_PER_MINUTE: '10' } });
});
afterAll(async () => {
  await station?.close();
});

describe('rate limit', () => {
  it('limits failed sign-in attempts per address', async () => {
    const client = new ApiClient(station.baseUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await client.post('/api/auth/login', { login: `x${i}`, password: 'whatever' })).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    const blocked = await client.post('/api/auth/login', { login: 'x0', password: 'whatever' });
    expect(blocked.body.error.code).toBe('rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
