import type { CommandContext } from '../../../server/src/platform/context.ts';
import {
  createLocation,
  createPart,
  createPurchaseOrder,
  createSupplier,
  receiveStock,
  sendPurchaseOrder,
  setStockLimit,
} from '../../../server/src/modules/warehouse/index.ts';

type Unit = 'pcs' | 'set' | 'l';

interface DemoPart {
  sku: string;
  name: string;
  brand: string;
  article?: string;
  oem?: string[];
  analogues?: Array<[brand: string, number: string]>;
  unit?: Unit;
  /** Roubles (major units); stored in kopecks. */
  price: number;
  cost: number;
  stock: number;
  shelf: 'A' | 'B' | 'C' | 'OIL';
  supplier: 'parts' | 'oils';
  min?: number;
  max?: number;
  barcode?: string;
}

/** A small catalogue of what a Moscow service station actually turns over: filters, pads, plugs, oils. */
const PARTS: DemoPart[] = [
  {
    sku: 'OF-2108',
    name: 'Oil filter, Lada 2108–2115 / Granta / Kalina',
    brand: 'LADA',
    article: '2108-1012005',
    oem: ['2105-1012005'],
    analogues: [
      ['MANN-FILTER', 'W 914/2'],
      ['BOSCH', '0 451 103 079'],
      ['FILTRON', 'OP 520'],
    ],
    price: 450,
    cost: 260,
    stock: 14,
    shelf: 'A',
    supplier: 'parts',
    min: 6,
    max: 20,
    barcode: '4607041450017',
  },
  {
    sku: 'MF-W914-2',
    name: 'Oil filter W 914/2',
    brand: 'MANN-FILTER',
    article: 'W 914/2',
    oem: ['2105-1012005'],
    analogues: [
      ['MAHLE', 'OC 383'],
      ['FILTRON', 'OP 520'],
    ],
    price: 690,
    cost: 410,
    stock: 6,
    shelf: 'A',
    supplier: 'parts',
    barcode: '4011558023205',
  },
  {
    sku: 'MF-W712-93',
    name: 'Oil filter W 712/93 (VAG 1.4–1.6)',
    brand: 'MANN-FILTER',
    article: 'W 712/93',
    oem: ['030 115 561 AN'],
    analogues: [
      ['MAHLE', 'OC 264'],
      ['BOSCH', '0 451 103 336'],
    ],
    price: 790,
    cost: 470,
    stock: 8,
    shelf: 'A',
    supplier: 'parts',
    min: 3,
    max: 10,
  },
  {
    sku: 'MH-OC264',
    name: 'Oil filter OC 264',
    brand: 'MAHLE',
    article: 'OC 264',
    oem: ['030 115 561 AN'],
    price: 720,
    cost: 430,
    stock: 3,
    shelf: 'A',
    supplier: 'parts',
  },
  {
    sku: 'MF-W75-3',
    name: 'Oil filter W 75/3 (Hyundai / Kia)',
    brand: 'MANN-FILTER',
    article: 'W 75/3',
    oem: ['26300-35503', '26300-35504'],
    analogues: [
      ['BOSCH', 'F 026 407 025'],
      ['FILTRON', 'OP 632/1'],
    ],
    price: 620,
    cost: 360,
    stock: 12,
    shelf: 'A',
    supplier: 'parts',
    min: 5,
    max: 15,
  },
  {
    sku: 'AF-VESTA',
    name: 'Air filter, Lada Vesta / XRAY 1.6',
    brand: 'LADA',
    article: '8450006934',
    analogues: [
      ['MANN-FILTER', 'C 2201'],
      ['FILTRON', 'AP 134/8'],
    ],
    price: 640,
    cost: 350,
    stock: 5,
    shelf: 'A',
    supplier: 'parts',
    min: 3,
    max: 8,
  },
  {
    sku: 'MF-C2201',
    name: 'Air filter C 2201',
    brand: 'MANN-FILTER',
    article: 'C 2201',
    oem: ['8450006934'],
    price: 890,
    cost: 520,
    stock: 2,
    shelf: 'A',
    supplier: 'parts',
  },
  {
    sku: 'CF-11',
    name: 'Cabin filter, carbon, Lada Granta / Kalina',
    brand: 'FILTRON',
    article: 'K 1166A',
    oem: ['1118-8122010'],
    analogues: [
      ['MANN-FILTER', 'CUK 1919'],
      ['BOSCH', '1 987 432 404'],
    ],
    price: 750,
    cost: 380,
    stock: 9,
    shelf: 'A',
    supplier: 'parts',
    min: 4,
    max: 12,
  },
  {
    sku: 'MF-CU2545',
    name: 'Cabin filter CU 2545 (Hyundai Solaris / Kia Rio)',
    brand: 'MANN-FILTER',
    article: 'CU 2545',
    oem: ['97133-4L000'],
    analogues: [['BOSCH', '1 987 432 120']],
    price: 980,
    cost: 560,
    stock: 4,
    shelf: 'A',
    supplier: 'parts',
    min: 2,
    max: 6,
  },
  {
    sku: 'FF-2112',
    name: 'Fuel filter, Lada injector',
    brand: 'LADA',
    article: '2112-1117010',
    analogues: [
      ['MANN-FILTER', 'WK 55/1'],
      ['BOSCH', '0 450 905 273'],
    ],
    price: 520,
    cost: 300,
    stock: 6,
    shelf: 'A',
    supplier: 'parts',
  },

  {
    sku: 'BP-2190',
    name: 'Brake pads front, Lada Granta / Kalina',
    brand: 'LADA',
    article: '21080-3501090',
    oem: ['2108-3501090'],
    analogues: [
      ['TRW', 'GDB3249'],
      ['ATE', '13.0460-5607.2'],
      ['FERODO', 'FDB1766'],
    ],
    price: 1450,
    cost: 820,
    stock: 7,
    shelf: 'B',
    supplier: 'parts',
    min: 4,
    max: 10,
  },
  {
    sku: 'TRW-GDB3249',
    name: 'Brake pads front GDB3249',
    brand: 'TRW',
    article: 'GDB3249',
    oem: ['21080-3501090'],
    price: 2150,
    cost: 1300,
    stock: 4,
    shelf: 'B',
    supplier: 'parts',
  },
  {
    sku: 'ATE-13046072432',
    name: 'Brake pads front (VW Polo sedan / Skoda Rapid)',
    brand: 'ATE',
    article: '13.0460-7243.2',
    oem: ['6R0 698 151 A'],
    analogues: [
      ['TRW', 'GDB1274'],
      ['BOSCH', '0 986 424 797'],
    ],
    price: 3650,
    cost: 2250,
    stock: 3,
    shelf: 'B',
    supplier: 'parts',
    min: 2,
    max: 6,
  },
  {
    sku: 'BP-SOLARIS-F',
    name: 'Brake pads front, Hyundai Solaris / Kia Rio',
    brand: 'HYUNDAI',
    article: '58101-1RA00',
    analogues: [
      ['SANGSIN', 'SP1399'],
      ['TRW', 'GDB3457'],
    ],
    price: 2900,
    cost: 1750,
    stock: 0,
    shelf: 'B',
    supplier: 'parts',
    min: 2,
    max: 6,
  },
  {
    sku: 'BD-2112',
    name: 'Brake disc front R13, Lada (pair)',
    brand: 'LADA',
    article: '2112-3501070',
    analogues: [
      ['TRW', 'DF1812'],
      ['BREMBO', '08.5085.10'],
    ],
    unit: 'set',
    price: 3900,
    cost: 2600,
    stock: 2,
    shelf: 'B',
    supplier: 'parts',
  },
  {
    sku: 'BF-DOT4-1',
    name: 'Brake fluid DOT 4, 1 l',
    brand: 'BOSCH',
    article: '1 987 479 107',
    analogues: [['ATE', '03.9901-5802.2']],
    price: 690,
    cost: 390,
    stock: 10,
    shelf: 'B',
    supplier: 'parts',
    min: 4,
    max: 12,
  },

  {
    sku: 'SP-17',
    name: 'Spark plug, Lada 16-valve',
    brand: 'NGK',
    article: 'BKR6E-11',
    oem: ['2112-3707010-10'],
    analogues: [
      ['BOSCH', 'FR7DC+'],
      ['DENSO', 'K20PR-U11'],
      ['BRISK', 'LR15YC-1'],
    ],
    price: 390,
    cost: 210,
    stock: 24,
    shelf: 'C',
    supplier: 'parts',
    min: 8,
    max: 32,
    barcode: '0087295171174',
  },
  {
    sku: 'BO-FR7DC',
    name: 'Spark plug FR7DC+',
    brand: 'BOSCH',
    article: 'FR7DC+',
    oem: ['101 000 033 AA'],
    price: 350,
    cost: 190,
    stock: 12,
    shelf: 'C',
    supplier: 'parts',
  },
  {
    sku: 'DN-K20PRU11',
    name: 'Spark plug K20PR-U11',
    brand: 'DENSO',
    article: 'K20PR-U11',
    price: 420,
    cost: 240,
    stock: 8,
    shelf: 'C',
    supplier: 'parts',
  },
  {
    sku: 'IC-2112',
    name: 'Ignition coil, Lada 16-valve',
    brand: 'SOATE',
    article: '2112-3705010',
    analogues: [['BOSCH', '0 986 221 056']],
    price: 1650,
    cost: 980,
    stock: 3,
    shelf: 'C',
    supplier: 'parts',
    min: 1,
    max: 4,
  },
  {
    sku: 'TB-GATES-K015603XS',
    name: 'Timing belt kit K015603XS (Lada 16-valve)',
    brand: 'GATES',
    article: 'K015603XS',
    oem: ['21126-1006040'],
    analogues: [
      ['CONTITECH', 'CT1126K1'],
      ['INA', '530 0477 10'],
    ],
    unit: 'set',
    price: 6900,
    cost: 4350,
    stock: 2,
    shelf: 'C',
    supplier: 'parts',
    min: 1,
    max: 3,
  },
  {
    sku: 'WP-2108',
    name: 'Water pump, Lada 2108–2115',
    brand: 'LUZAR',
    article: 'LWP 0108',
    oem: ['21080-1307010'],
    analogues: [['HEPU', 'P7991']],
    price: 1900,
    cost: 1150,
    stock: 2,
    shelf: 'C',
    supplier: 'parts',
  },
  {
    sku: 'WB-AEROTWIN-600',
    name: 'Wiper blade Aerotwin 600 mm',
    brand: 'BOSCH',
    article: '3 397 008 538',
    price: 1350,
    cost: 780,
    stock: 6,
    shelf: 'C',
    supplier: 'parts',
  },
  {
    sku: 'SA-KYB-333411',
    name: 'Shock absorber front right, Hyundai Solaris',
    brand: 'KYB',
    article: '339 411',
    oem: ['54661-4L200'],
    price: 5200,
    cost: 3400,
    stock: 1,
    shelf: 'C',
    supplier: 'parts',
  },
  {
    sku: 'WB-2108-F',
    name: 'Front wheel bearing, Lada 2108',
    brand: 'SKF',
    article: 'VKBA 1306',
    oem: ['2108-3103020'],
    price: 1450,
    cost: 850,
    stock: 4,
    shelf: 'C',
    supplier: 'parts',
  },

  {
    sku: 'OIL-SHELL-HX8-5W30',
    name: 'Engine oil Shell Helix HX8 5W-30 (drum, per litre)',
    brand: 'SHELL',
    article: '550046387',
    unit: 'l',
    price: 950,
    cost: 620,
    stock: 60,
    shelf: 'OIL',
    supplier: 'oils',
    min: 40,
    max: 200,
  },
  {
    sku: 'OIL-MOBIL-5W40',
    name: 'Engine oil Mobil Super 3000 X1 5W-40 (drum, per litre)',
    brand: 'MOBIL',
    article: '152567',
    unit: 'l',
    price: 1050,
    cost: 690,
    stock: 48.5,
    shelf: 'OIL',
    supplier: 'oils',
    min: 40,
    max: 200,
  },
  {
    sku: 'OIL-LUKOIL-10W40',
    name: 'Engine oil Lukoil Super 10W-40, 4 l',
    brand: 'LUKOIL',
    article: '19192',
    price: 1490,
    cost: 980,
    stock: 10,
    shelf: 'OIL',
    supplier: 'oils',
  },
  {
    sku: 'AF-G12-5',
    name: 'Antifreeze G12 red, 5 l',
    brand: 'FELIX',
    article: '430206031',
    price: 1290,
    cost: 760,
    stock: 5,
    shelf: 'OIL',
    supplier: 'oils',
    min: 2,
    max: 6,
  },
];

const rub = (v: number) => Math.round(v * 100);

/** The warehouse of the demo station: locations, two suppliers, a catalogue with numbers and analogues, stock, one order on its way. */
export async function seedWarehouse(cx: CommandContext): Promise<void> {
  const main = await createLocation(cx, {
    code: 'MAIN',
    name: 'Main store',
    kind: 'warehouse',
    isDefault: true,
  });
  const shelves = {
    A: await createLocation(cx, {
      code: 'MAIN-A',
      name: 'Shelf A — filters',
      kind: 'shelf',
      parentId: main.id,
    }),
    B: await createLocation(cx, {
      code: 'MAIN-B',
      name: 'Shelf B — brakes',
      kind: 'shelf',
      parentId: main.id,
    }),
    C: await createLocation(cx, {
      code: 'MAIN-C',
      name: 'Shelf C — ignition, engine, chassis',
      kind: 'shelf',
      parentId: main.id,
    }),
    OIL: await createLocation(cx, {
      code: 'MAIN-OIL',
      name: 'Oil room (drums)',
      kind: 'shelf',
      parentId: main.id,
    }),
  };
  const van = await createLocation(cx, { code: 'VAN-1', name: 'Roadside-assistance van', kind: 'van' });
  const suppliers = {
    parts: await createSupplier(cx, {
      name: 'AvtoDetal Trade',
      contactName: 'Olga Smirnova',
      phone: '+74957770011',
      email: 'orders@avtodetal.example',
      leadTimeDays: 1,
    }),
    oils: await createSupplier(cx, {
      name: 'Lubricant Distribution',
      contactName: 'Pavel Orlov',
      phone: '+74957770022',
      email: 'sales@lubdist.example',
      leadTimeDays: 3,
    }),
  };

  const ids = new Map<string, string>();
  for (const p of PARTS) {
    const part = await createPart(cx, {
      sku: p.sku,
      name: p.name,
      brand: p.brand,
      unit: p.unit ?? 'pcs',
      salePrice: rub(p.price),
      cost: rub(p.cost),
      barcode: p.barcode ?? null,
      defaultSupplierId: suppliers[p.supplier].id,
      numbers: [
        ...(p.article ? [{ kind: 'article' as const, number: p.article }] : []),
        ...(p.oem ?? []).map((number) => ({ kind: 'oem' as const, number })),
      ],
      analogues: (p.analogues ?? []).map(([brand, number]) => ({ brand, number })),
    });
    ids.set(p.sku, part.id);
    const location = shelves[p.shelf];
    if (p.min !== undefined && p.max !== undefined)
      await setStockLimit(cx, part.id, { locationId: location.id, min: p.min, max: p.max });
  }

  // Opening deliveries: one receipt per supplier and shelf, at cost, so the ledger starts with real documents.
  for (const supplier of ['parts', 'oils'] as const) {
    for (const [shelf, location] of Object.entries(shelves)) {
      const lines = PARTS.filter((p) => p.supplier === supplier && p.shelf === shelf && p.stock > 0).map(
        (p) => ({
          partId: ids.get(p.sku)!,
          quantity: p.stock,
          unitCost: rub(p.cost),
        }),
      );
      if (lines.length)
        await receiveStock(cx, {
          supplierId: suppliers[supplier].id,
          locationId: location.id,
          supplierDocument: `DEMO-${supplier.toUpperCase()}-${shelf}`,
          lines,
        });
    }
  }
  // The van carries a few fast movers.
  await receiveStock(cx, {
    supplierId: suppliers.parts.id,
    locationId: van.id,
    supplierDocument: 'DEMO-VAN',
    lines: [
      { partId: ids.get('SP-17')!, quantity: 4, unitCost: rub(210) },
      { partId: ids.get('BF-DOT4-1')!, quantity: 2, unitCost: rub(390) },
    ],
  });

  // Brake pads for Solaris ran out: an order is on its way.
  const po = await createPurchaseOrder(cx, {
    supplierId: suppliers.parts.id,
    locationId: shelves.B.id,
    note: 'Solaris pads ran out',
    lines: [
      { partId: ids.get('BP-SOLARIS-F')!, quantity: 4, unitCost: rub(1750) },
      { partId: ids.get('TRW-GDB3249')!, quantity: 2, unitCost: rub(1300) },
    ],
  });
  await sendPurchaseOrder(cx, po.id);
}
