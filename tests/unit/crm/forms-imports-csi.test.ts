import { describe, expect, it } from 'vitest';
import { csiOf } from '../../../server/src/modules/crm/rules/csi.ts';
import {
  duplicatesInFile,
  readImportRow,
  suggestMapping,
} from '../../../server/src/modules/crm/rules/import-rows.ts';
import { isSpam, readLeadForm } from '../../../server/src/modules/crm/rules/lead-form.ts';

describe('website form', () => {
  it('reads English and Russian field names, trims and keeps utm tags', () => {
    expect(
      readLeadForm({
        Имя: ' Иван ',
        Телефон: '8 916 123-45-67',
        Марка: 'Kia',
        utm_source: 'yandex',
        extra: 'x',
      }),
    ).toEqual({
      name: 'Иван',
      phone: '8 916 123-45-67',
      email: null,
      message: null,
      make: 'Kia',
      model: null,
      plate: null,
      utm: { utm_source: 'yandex' },
    });
  });
  it('a filled honeypot is spam; an empty one is a person', () => {
    expect(isSpam({ name: 'Bot', website: 'http://spam' })).toBe(true);
    expect(isSpam({ name: 'Ann', website: '' })).toBe(false);
    expect(isSpam({ name: 'Ann' })).toBe(false);
  });
});

describe('customer import rows', () => {
  const headers = ['ФИО', 'Телефон', 'Марка', 'Модель', 'VIN', 'Госномер', 'Пробег', 'E-mail'];
  const mapping = suggestMapping(headers);

  it('suggests the mapping from header names', () => {
    expect(mapping).toEqual({
      name: 'ФИО',
      phone: 'Телефон',
      make: 'Марка',
      model: 'Модель',
      vin: 'VIN',
      plate: 'Госномер',
      mileageKm: 'Пробег',
      email: 'E-mail',
    });
  });

  it('normalises phones and reads a car', () => {
    const { value, problems } = readImportRow(
      2,
      {
        ФИО: 'Иван Петров',
        Телефон: '8 (916) 555-12-34',
        Марка: 'Lada',
        Модель: 'Vesta',
        VIN: 'xta210990y2765432',
        Госномер: 'а123вс77',
        Пробег: '45 000',
        'E-mail': '',
      },
      mapping,
      'RU',
    );
    expect(problems).toEqual([]);
    expect(value).toMatchObject({
      row: 2,
      customer: { name: 'Иван Петров', phones: ['+79165551234'], email: null, kind: 'individual' },
      vehicle: { make: 'Lada', vin: 'XTA210990Y2765432', mileageKm: 45_000 },
    });
  });

  it('names the row and column of each problem', () => {
    const { value, problems } = readImportRow(
      7,
      { ФИО: '', Телефон: '12', VIN: 'SHORT', Пробег: '-5' },
      mapping,
      'RU',
    );
    expect(value).toBeNull();
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [7, 'ФИО'],
      [7, 'Телефон'],
      [7, 'VIN'],
      [7, 'Пробег'],
    ]);
  });

  it('finds phones and VINs repeated inside the file', () => {
    const row = (n: number, phone: string, vin: string | null) =>
      readImportRow(n, { ФИО: `P${n}`, Телефон: phone, VIN: vin ?? '' }, mapping, 'RU').value!;
    const dups = duplicatesInFile(
      [
        row(2, '+79160000001', 'XTA210990Y2765432'),
        row(3, '+79160000002', null),
        row(4, '8 916 000-00-01', 'XTA210990Y2765432'),
      ],
      mapping,
    );
    expect(dups.map((d) => [d.row, d.column])).toEqual([
      [4, 'Телефон'],
      [4, 'VIN'],
    ]);
  });
});

describe('CSI', () => {
  it('is the mean score on 0–100 with promoters, detractors and NPS', () => {
    expect(csiOf([10, 9, 8, 6, 0])).toEqual({ answers: 5, csi: 66, promoters: 2, detractors: 2, nps: 0 });
    expect(csiOf([10, 10, 7])).toEqual({ answers: 3, csi: 90, promoters: 2, detractors: 0, nps: 66.7 });
    expect(csiOf([])).toEqual({ answers: 0, csi: null, promoters: 0, detractors: 0, nps: null });
  });
});
