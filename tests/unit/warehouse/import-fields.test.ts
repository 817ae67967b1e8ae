import { describe, expect, it } from 'vitest';
import {
  cellText,
  columnLetter,
  headerNames,
} from '../../../server/src/modules/warehouse/imports/read-rows.ts';
import {
  mappingProblems,
  parseCatalogueRow,
  parseNumberList,
  parseStockRow,
  suggestMapping,
} from '../../../server/src/modules/warehouse/rules/import-fields.ts';

describe('import columns', () => {
  it('suggests a mapping from English and Russian headers', () => {
    expect(
      suggestMapping('catalogue', ['Артикул', 'Наименование', 'Бренд', 'Цена', 'OEM', 'Something']),
    ).toEqual({
      sku: 'Артикул',
      name: 'Наименование',
      brand: 'Бренд',
      salePrice: 'Цена',
      oem: 'OEM',
    });
    expect(suggestMapping('stock', ['SKU', 'Location', 'Qty'])).toEqual({
      sku: 'SKU',
      location: 'Location',
      quantity: 'Qty',
    });
  });

  it('names what is wrong with a mapping', () => {
    expect(mappingProblems('stock', { sku: 'SKU', quantity: 'Nope', colour: 'SKU' }, ['SKU', 'Qty'])).toEqual(
      [
        'mapping.quantity: the file has no column "Nope"',
        'mapping.colour: is not a field of a stock import',
        'mapping.location: is required',
      ],
    );
  });

  it('gives blank and repeated headers names', () => {
    expect(headerNames(['SKU', '', 'Price', 'Price'])).toEqual(['SKU', 'B', 'Price', 'Price (2)']);
    expect(columnLetter(27)).toBe('AB');
  });

  it('reads every kind of spreadsheet cell as text', () => {
    expect(cellText(1250.5)).toBe('1250.5');
    expect(cellText(0.1 + 0.2)).toBe('0.3');
    expect(cellText({ richText: [{ text: 'W 914' }, { text: '/2' }] })).toBe('W 914/2');
    expect(cellText({ formula: 'A1*2', result: 42 })).toBe('42');
    expect(cellText({ text: 'link', hyperlink: 'http://x' })).toBe('link');
    expect(cellText(null)).toBe('');
    expect(cellText(new Date('2026-01-02T00:00:00Z'))).toBe('2026-01-02');
  });
});

describe('import rows', () => {
  const mapping = {
    sku: 'SKU',
    name: 'Name',
    brand: 'Brand',
    salePrice: 'Price',
    unit: 'Unit',
    oem: 'OEM',
    analogues: 'Cross',
  };

  it('parses a good catalogue row', () => {
    const parsed = parseCatalogueRow(
      {
        SKU: 'MF-W914',
        Name: 'Oil filter',
        Brand: 'MANN',
        Price: '1 250,50',
        Unit: 'шт',
        OEM: 'VAG:06A115561B; 068115561B',
        Cross: 'MAHLE:OC 456, BOSCH:0451103318',
      },
      mapping,
      2,
    );
    expect(parsed).toEqual({
      ok: true,
      row: expect.objectContaining({
        sku: 'MF-W914',
        skuNorm: 'MFW914',
        salePrice: 125_050,
        unit: 'pcs',
        oem: [
          { brand: 'VAG', number: '06A115561B' },
          { brand: null, number: '068115561B' },
        ],
        analogues: [
          { brand: 'MAHLE', number: 'OC 456' },
          { brand: 'BOSCH', number: '0451103318' },
        ],
      }),
    });
  });

  it('reports every bad cell with its column', () => {
    const parsed = parseCatalogueRow(
      { SKU: '', Name: 'X', Brand: '', Price: '12,3,4', Unit: 'bucket' },
      mapping,
      2,
    );
    expect(parsed).toEqual({
      ok: false,
      errors: [
        { column: 'SKU', message: 'the SKU is empty' },
        { column: 'Unit', message: expect.stringContaining('unknown unit "bucket"') },
        { column: 'Price', message: '"12,3,4" is not an amount (like 1250.50)' },
      ],
    });
  });

  it('parses and checks opening-stock rows', () => {
    const m = { sku: 'SKU', location: 'Loc', quantity: 'Qty', min: 'Min', max: 'Max', unitCost: 'Cost' };
    expect(
      parseStockRow({ SKU: 'A1', Loc: 'MAIN', Qty: '4,5', Min: '1', Max: '6', Cost: '800' }, m, 2),
    ).toEqual({
      ok: true,
      row: {
        sku: 'A1',
        skuNorm: 'A1',
        location: 'MAIN',
        quantity: 4_500,
        unitCost: 80_000,
        min: 1_000,
        max: 6_000,
      },
    });
    const bad = parseStockRow({ SKU: 'A1', Loc: 'MAIN', Qty: 'lots', Min: '5', Max: '2', Cost: '' }, m, 2);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.map((e) => e.column)).toEqual(['Qty', 'Max']);
  });

  it('splits lists of numbers with an optional brand before a colon', () => {
    expect(parseNumberList('A-1 | B:2;;  ,C: 3 ')).toEqual([
      { brand: null, number: 'A-1' },
      { brand: 'B', number: '2' },
      { brand: 'C', number: '3' },
    ]);
  });
});
