import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../db/seeds/demo/index.ts';
import { ApiClient } from '../../support/api-client.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
let keeper: ApiClient;
beforeAll(async () => {
  station = await startTestStation({ env: { PITWALL_DEMO: '1' } });
  keeper = new ApiClient(station.baseUrl);
  expect(
    (await keeper.post('/api/auth/login', { login: 'storekeeper', password: DEMO_PASSWORD })).status,
  ).toBe(200);
});
afterAll(async () => {
  await station?.close();
});

describe('the demo warehouse', () => {
  it('has a catalogue findable by OEM numbers and analogues, with stock that balances', async () => {
    const byOem = await keeper.get('/api/warehouse/parts?q=2108 1012005');
    expect(byOem.body[0].part.sku).toBe('OF-2108');
    expect(byOem.body[0].stock.onHand).toBe(14);
    const analogues = await keeper.get('/api/warehouse/parts?q=w914/2');
    expect(analogues.body.map((h: { part: { sku: string } }) => h.part.sku)).toEqual(
      expect.arrayContaining(['MF-W914-2', 'OF-2108']),
    );
    const scanned = await keeper.get('/api/warehouse/parts?q=0087295171174');
    expect(scanned.body[0]).toMatchObject({
      part: { sku: 'SP-17' },
      match: { kind: 'barcode' },
      stock: { onHand: 28 },
    });
    const locations = await keeper.get('/api/warehouse/locations');
    expect(locations.body.map((l: { code: string }) => l.code)).toEqual(
      expect.arrayContaining(['MAIN', 'MAIN-A', 'VAN-1']),
    );
    expect((await keeper.get('/api/warehouse/stock/reconciliation')).body.balanced).toBe(true);
    const orders = await keeper.get('/api/warehouse/purchase-orders?status=sent');
    expect(orders.body.total).toBe(1);
    const suggestions = await keeper.get('/api/warehouse/reorder-suggestions');
    expect(suggestions.body.find((s: { sku: string }) => s.sku === 'BP-SOLARIS-F')).toMatchObject({
      onOrder: 4,
      quantity: 2,
    });
  });
});
