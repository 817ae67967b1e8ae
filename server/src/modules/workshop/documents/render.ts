import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { StationDto } from '../../../contracts/dto.ts';
import type {
  CustomerDto,
  DocumentKind,
  OrderJobDto,
  OrderPartDto,
  RepairOrderDto,
  VehicleDto,
} from '../../../contracts/workshop.ts';
import { dictionary, type Dictionary, type DocumentLang } from './dictionary.ts';

const require = createRequire(import.meta.url);
/** DejaVu Sans ships inside the dejavu-fonts-ttf package: Latin, Cyrillic and the rouble sign, embedded (subset) in every PDF. */
const FONT_REGULAR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

export interface DocumentData {
  kind: DocumentKind;
  lang: DocumentLang;
  station: StationDto;
  order: RepairOrderDto;
  customer: CustomerDto;
  vehicle: VehicleDto;
  /** When the document is printed. */
  printedAt: Date;
}

const MARGIN = 40;
/** Units the desk offers, as a Russian document prints them; anything else is printed as typed. */
const UNITS_RU: Record<string, string> = { pcs: 'шт', l: 'л', kg: 'кг', m: 'м', set: 'компл' };
const PAGE_WIDTH = 595.28; // A4
const CONTENT = PAGE_WIDTH - 2 * MARGIN;

function money(minor: number, currency: string, lang: DocumentLang): string {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
  }).format(minor / 10 ** digits);
}

function date(at: string | Date, timeZone: string, lang: DocumentLang): string {
  return new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(at));
}

const percent = (bp: number, lang: DocumentLang) =>
  `${new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: 2 }).format(bp / 100)} %`;
const hours = (seconds: number, lang: DocumentLang) =>
  new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: 2 }).format(
    seconds / 3600,
  );

interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right';
}

class Writer {
  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly t: Dictionary,
  ) {}

  ensure(height: number): void {
    if (this.doc.y + height > this.doc.page.height - MARGIN - 20) {
      this.doc.addPage();
      this.doc.y = MARGIN;
    }
  }

  heading(text: string, size = 11): void {
    this.ensure(30);
    this.doc.moveDown(0.6).font('bold').fontSize(size).text(text, MARGIN, this.doc.y, { width: CONTENT });
    this.doc.font('regular').fontSize(9).moveDown(0.2);
  }

  pair(label: string, value: string | null | undefined): void {
    if (!value) return;
    this.ensure(14);
    const y = this.doc.y;
    this.doc.font('bold').fontSize(9).text(`${label}:`, MARGIN, y, { width: 120 });
    const after = this.doc.y;
    this.doc.font('regular').text(value, MARGIN + 125, y, { width: CONTENT - 125 });
    this.doc.y = Math.max(after, this.doc.y);
  }

  table(columns: Column[], rows: string[][]): void {
    const row = (cells: string[], bold: boolean) => {
      this.doc.font(bold ? 'bold' : 'regular').fontSize(8.5);
      const height =
        Math.max(
          ...cells.map((c, i) => this.doc.heightOfString(c || ' ', { width: columns[i]!.width - 6 })),
        ) + 6;
      this.ensure(height);
      const y = this.doc.y;
      let x = MARGIN;
      cells.forEach((c, i) => {
        const col = columns[i]!;
        this.doc.text(c, x + 3, y + 3, { width: col.width - 6, align: col.align ?? 'left' });
        x += col.width;
      });
      this.doc
        .moveTo(MARGIN, y + height)
        .lineTo(MARGIN + CONTENT, y + height)
        .lineWidth(0.4)
        .strokeColor('#999999')
        .stroke();
      this.doc.y = y + height;
    };
    row(
      columns.map((c) => c.title),
      true,
    );
    for (const r of rows) row(r, false);
    this.doc.x = MARGIN;
  }

  totalLine(label: string, value: string, bold = false): void {
    this.ensure(14);
    const y = this.doc.y;
    this.doc.font(bold ? 'bold' : 'regular').fontSize(bold ? 10 : 9);
    this.doc.text(label, MARGIN, y, { width: CONTENT - 130, align: 'right' });
    this.doc.text(value, MARGIN + CONTENT - 125, y, { width: 125, align: 'right' });
    this.doc.font('regular').fontSize(9);
  }

  paragraph(text: string): void {
    this.ensure(30);
    this.doc.moveDown(0.8).font('regular').fontSize(9).text(text, MARGIN, this.doc.y, { width: CONTENT });
  }

  signatures(left: string, right: string): void {
    this.ensure(60);
    this.doc.moveDown(2.5);
    const y = this.doc.y;
    const half = CONTENT / 2;
    this.doc.font('regular').fontSize(9);
    this.doc.text(`${left}: ____________________`, MARGIN, y, { width: half - 10 });
    this.doc.text(`${right}: ____________________`, MARGIN + half, y, { width: half - 10 });
  }
}

function jobRows(jobs: OrderJobDto[], data: DocumentData, withMechanics: boolean): string[][] {
  const { lang, station } = data;
  return jobs.map((j, i) => [
    String(i + 1),
    j.name,
    hours(j.normSeconds, lang),
    j.pricing === 'hourly'
      ? money(j.ratePerHourMinor ?? 0, station.currency, lang)
      : money(j.fixedPriceMinor ?? 0, station.currency, lang),
    j.totals.discountMinor ? money(j.totals.discountMinor, station.currency, lang) : '',
    money(j.totals.netMinor, station.currency, lang),
    ...(withMechanics ? [j.mechanics.map((m) => m.fullName).join(', ')] : []),
  ]);
}

function partRows(parts: OrderPartDto[], data: DocumentData): string[][] {
  const { lang, station } = data;
  return parts.map((p, i) => [
    String(i + 1),
    p.sku ? `${p.name} (${p.sku})` : p.name,
    `${p.quantity} ${data.lang === 'ru' ? (UNITS_RU[p.unit] ?? p.unit) : p.unit}`,
    money(p.unitPriceMinor, station.currency, lang),
    p.totals.discountMinor ? money(p.totals.discountMinor, station.currency, lang) : '',
    money(p.totals.netMinor, station.currency, lang),
  ]);
}

function jobColumns(t: Dictionary, withMechanics: boolean): Column[] {
  const base: Column[] = [
    { title: t.col.n, width: 24 },
    { title: t.col.name, width: withMechanics ? 150 : 230 },
    { title: t.col.hours, width: 40, align: 'right' },
    { title: t.col.price, width: 75, align: 'right' },
    { title: t.col.discount, width: 65, align: 'right' },
    { title: t.col.amount, width: 81, align: 'right' },
  ];
  return withMechanics ? [...base, { title: t.col.mechanics, width: 80 }] : base;
}

function partColumns(t: Dictionary): Column[] {
  return [
    { title: t.col.n, width: 24 },
    { title: t.col.name, width: 225 },
    { title: t.col.qty, width: 60, align: 'right' },
    { title: t.col.price, width: 75, align: 'right' },
    { title: t.col.discount, width: 65, align: 'right' },
    { title: t.col.amount, width: 66, align: 'right' },
  ];
}

/** Renders one of the four documents of a repair order as a PDF (A4, embedded DejaVu Sans). */
export function renderOrderDocument(data: DocumentData): Promise<Buffer> {
  const { kind, lang, station, order, customer, vehicle } = data;
  const t = dictionary(lang);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    font: FONT_REGULAR,
    bufferPages: true,
    info: { Title: `${t.title[kind]} ${order.number}`, Author: station.name, Creator: 'Pitwall' },
    lang: lang === 'ru' ? 'ru-RU' : 'en-GB',
  });
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const w = new Writer(doc, t);
  const tz = station.timezone;
  doc
    .font('bold')
    .fontSize(10)
    .text(station.legalName ?? station.name, MARGIN, MARGIN, { width: CONTENT });
  doc.font('regular').fontSize(8.5);
  const stationLine = [
    station.address,
    station.taxId ? `${t.taxId} ${station.taxId}` : null,
    station.phone,
    station.email,
  ]
    .filter(Boolean)
    .join(' · ');
  if (stationLine) doc.text(stationLine, { width: CONTENT });
  doc
    .moveDown(1)
    .font('bold')
    .fontSize(15)
    .text(t.title[kind], MARGIN, doc.y, { width: CONTENT, align: 'center' });
  // An estimate and a repair order are dated when the order was opened; an invoice and an act when issued.
  const dated = kind === 'estimate' || kind === 'repair-order' ? order.createdAt : data.printedAt;
  doc
    .font('regular')
    .fontSize(10)
    .text(t.numberDate(order.number, date(dated, tz, lang)), { width: CONTENT, align: 'center' });

  w.heading(t.customer);
  w.pair(t.customer, customer.name);
  w.pair(t.taxId, customer.taxId);
  w.pair(t.phone, customer.phones[0]?.e164 ?? customer.contacts.flatMap((c) => c.phones)[0]?.e164);
  w.heading(t.vehicle);
  w.pair(t.vehicle, [vehicle.make, vehicle.model, vehicle.year].filter(Boolean).join(' ') || null);
  w.pair(t.plate, vehicle.plate);
  w.pair(t.vin, vehicle.vin);
  w.pair(
    t.mileage,
    order.mileageKm !== null
      ? `${new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB').format(order.mileageKm)} ${t.km}`
      : null,
  );
  if (kind !== 'invoice') w.pair(t.complaint, order.complaint);
  if (kind === 'repair-order') {
    w.pair(t.status, t.statuses[order.status] ?? order.status);
    w.pair(t.advisor, order.advisorName);
  }

  const billableJobs = order.jobs.filter((j) => j.billable && (kind !== 'act' || j.state === 'done'));
  const billableParts = order.parts.filter((p) => p.billable);
  if (billableJobs.length) {
    w.heading(t.labour);
    w.table(jobColumns(t, kind === 'repair-order'), jobRows(billableJobs, data, kind === 'repair-order'));
  }
  if (billableParts.length) {
    w.heading(t.parts);
    w.table(partColumns(t), partRows(billableParts, data));
  }

  doc.moveDown(0.8);
  const cur = station.currency;
  if (order.totals.discountMinor) {
    w.totalLine(t.subtotal, money(order.totals.grossMinor, cur, lang));
    w.totalLine(t.discount, money(order.totals.discountMinor, cur, lang));
  }
  w.totalLine(t.total, money(order.totals.totalMinor, cur, lang), true);
  const rate = percent(order.tax.rateBp, lang);
  if (order.tax.rateBp === 0) w.totalLine(t.noVat, '');
  else
    w.totalLine(
      order.tax.pricesIncludeTax ? t.vatIncluded(rate) : t.vatOnTop(rate),
      money(order.totals.taxMinor, cur, lang),
    );
  if (kind === 'invoice' || kind === 'repair-order') {
    w.totalLine(t.paid, money(order.paidMinor, cur, lang));
    w.totalLine(t.due, money(Math.max(order.balanceMinor, 0), cur, lang), true);
  }

  if (kind === 'estimate') {
    const pending = [
      ...order.jobs
        .filter((j) => j.decision === 'pending')
        .map((j) => [j.name, money(j.totals.netMinor, cur, lang)]),
      ...order.parts
        .filter((p) => p.decision === 'pending')
        .map((p) => [p.name, money(p.totals.netMinor, cur, lang)]),
    ];
    if (pending.length) {
      w.heading(t.recommended, 10);
      w.table(
        [
          { title: t.col.name, width: CONTENT - 100 },
          { title: t.col.amount, width: 100, align: 'right' },
        ],
        pending,
      );
    }
    w.paragraph(t.estimateNote);
  }
  if (kind === 'act') w.paragraph(t.actNote);
  if (kind === 'invoice') w.paragraph(t.invoiceNote);
  if (kind !== 'invoice') w.signatures(t.performerSignature, t.customerSignature);

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would make pdfkit start a new page; the footer lives there on purpose.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(7.5)
      .text(t.page(i + 1, range.count), MARGIN, doc.page.height - MARGIN + 5, {
        width: CONTENT,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
