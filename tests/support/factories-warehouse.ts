import { randomBytes } from 'node:crypto';
import { addJob, addPart } from '../../server/src/modules/workshop/index.ts';
import {
  createLocation,
  createPart,
  createSupplier,
  receiveStock,
  type Part,
  type StockLocation,
  type Supplier,
} from '../../server/src/modules/warehouse/index.ts';
import { asFactory } from './factories.ts';
import { makeOrder } from './factories-workshop.ts';
import type { TestStation } from './test-station.ts';

const unique = () => randomBytes(3).toString('hex').toUpperCase();

export async function makeLocation(
  station: TestStation,
  overrides: Partial<{
    code: string;
    name: string;
    kind: 'warehouse' | 'shelf' | 'bin' | 'van';
    parentId: string;
    isDefault: boolean;
  }> = {},
): Promise<StockLocation> {
  const code = overrides.code ?? `LOC-${unique()}`;
  return asFactory(station, (cx) =>
    createLocation(cx, {
      code,
      name: overrides.name ?? `Location ${code}`,
      kind: overrides.kind ?? 'warehouse',
      parentId: overrides.parentId,
      isDefault: overrides.isDefault,
    }),
  );
}

export async function makeSupplier(station: TestStation, name = `Supplier ${unique()}`): Promise<Supplier> {
  return asFactory(station, (cx) => createSupplier(cx, { name }));
}

export async function makePart(
  station: TestStation,
  overrides: Partial<{
    sku: string;
    name: string;
    brand: string;
    unit: 'pcs' | 'l';
    salePrice: number;
    cost: number;
    barcode: string;
    defaultSupplierId: string;
    numbers: Array<{ kind: 'article' | 'oem'; brand?: string | null; number: string }>;
    analogues: Array<{ brand?: string | null; number: string }>;
  }> = {},
): Promise<Part> {
  return asFactory(station, (cx) =>
    createPart(cx, {
      sku: overrides.sku ?? `SKU-${unique()}`,
      name: overrides.name ?? `Part ${unique()}`,
      brand: overrides.brand ?? null,
      unit: overrides.unit,
      salePrice: overrides.salePrice ?? 10_000,
      cost: overrides.cost ?? 6_000,
      barcode: overrides.barcode ?? null,
      defaultSupplierId: overrides.defaultSupplierId ?? null,
      numbers: overrides.numbers,
      analogues: overrides.analogues,
    }),
  );
}

/** Puts stock on the shelf with a receipt (no purchase order). */
export async function stockUp(
  station: TestStation,
  partId: string,
  locationId: string,
  quantity: number,
  unitCost = 6_000,
) {
  return asFactory(station, (cx) =>
    receiveStock(cx, { locationId, lines: [{ partId, quantity, unitCost }] }),
  );
}

/** A repair order with one job and a parts line per part (linked to the job). */
export async function makeOrderWithParts(
  station: TestStation,
  parts: Array<{ partId: string | null; quantity: number; name?: string }>,
) {
  const { order, customer } = await makeOrder(station);
  return asFactory(station, async (cx) => {
    const job = await addJob(cx, order.id, {
      name: 'Oil service',
      normSeconds: 3600,
      pricing: 'fixed',
      fixedPriceMinor: 300_000,
    } as Parameters<typeof addJob>[2]);
    const lines = [];
    for (const p of parts) {
      lines.push(
        await addPart(cx, order.id, {
          partId: p.partId,
          name: p.name ?? 'Part',
          quantity: String(p.quantity),
          unitPriceMinor: 10_000,
          jobId: job.id,
        } as Parameters<typeof addPart>[2]),
      );
    }
    return { order, customer, job, lines };
  });
}
